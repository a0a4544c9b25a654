// The queue between a libwebrtc thread that produces (decoded frames, PCM chunks) and the JS thread that
// consumes: it keeps the newest `capacity` items, so a slow consumer loses the oldest ones (counted) and can
// never stall the producer or grow memory. One wake-up per batch: Push() says when the consumer needs one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

namespace nlw {

template <typename T>
class DropOldestQueue {
 public:
  explicit DropOldestQueue(size_t capacity) : capacity_(capacity) {}

  // Producer thread. True when the consumer must be woken: the first item since its last Take().
  bool Push(T item) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back(std::move(item));
    while (items_.size() > capacity_) {
      items_.pop_front();
      ++dropped_;
    }
    bool wake = !wake_pending_;
    wake_pending_ = true;
    return wake;
  }

  // Consumer thread: everything queued, oldest first.
  std::deque<T> Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_pending_ = false;
    std::deque<T> taken;
    taken.swap(items_);
    return taken;
  }

  // Producer thread: an item lost before it could be queued (counted with the dropped ones).
  void CountDropped() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++dropped_;
  }

  uint64_t dropped() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return dropped_;
  }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<T> items_;
  bool wake_pending_ = false;
  uint64_t dropped_ = 0;
};

}  // namespace nlw
