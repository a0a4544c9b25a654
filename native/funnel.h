// The funnel: the one path by which work from libwebrtc's threads reaches the JS thread of a Node
// environment. Producers post small owned tasks; tasks build JS values only when they run on the JS thread.
#pragma once

#include <napi.h>
#include <uv.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace nlw {

class Funnel : public std::enable_shared_from_this<Funnel> {
 public:
  using Task = std::function<void(Napi::Env)>;

  static std::shared_ptr<Funnel> Create(Napi::Env env);
  ~Funnel();
  Funnel(const Funnel&) = delete;
  Funnel& operator=(const Funnel&) = delete;

  // Any thread. Tasks run in order, one JS task each (microtasks run between them, as between browser
  // tasks). After Close() tasks are dropped: the environment is going away. Returns the task's place in
  // the order of all posts (1, 2, ...).
  uint64_t Post(Task task);
  // Any thread: like Post(), but without waking the JS thread: the task runs with the next wake-up. When
  // `arm_timer` is set, no wake-up is coming and the caller must call WakeIfWaiting() soon (a timer), so
  // that the task waits a bounded time. For reports nobody waits on at once (bytes sent): a peer's event
  // that follows wakes the JS thread once for both.
  struct LazyPost {
    uint64_t place;
    bool arm_timer;
  };
  LazyPost PostLazy(Task task);
  // Any thread: wakes the JS thread if tasks wait without a wake-up.
  void WakeIfWaiting();
  // Any thread: how many tasks have been posted so far (the place of the last one).
  uint64_t posted() const { return posted_.load(std::memory_order_acquire); }

  // JS thread, inside a task: runs the microtasks and process.nextTick callbacks queued so far, as between two
  // tasks. For a task that delivers several events which a browser fires from one task each (messages).
  void Checkpoint();

  // JS thread. While holds > 0 the funnel keeps the event loop alive, like an open socket does.
  void Hold();
  void Release();
  int holds() const { return holds_; }

  // JS thread. Drops pending tasks and closes the loop handle.
  void Close();
  bool closed() const;

  // JS thread: work to do once the running batch (the task and those after it, which own libwebrtc
  // references) is destroyed, or now when no task runs. An environment shut down from inside a task (a
  // worker's uncaught exception or process.exit() in a handler) stops its engine only then.
  void AfterDrain(std::function<void()> work);

 private:
  explicit Funnel(Napi::Env env);
  static void OnWake(uv_async_t* handle);
  void Drain();
  void RunBatch();  // Drain's batch: its tasks (and what they own) are destroyed when it returns
  void OpenScope();
  void CloseScope();

  Napi::Env env_;
  uv_async_t* wake_ = nullptr;  // malloc'ed; freed by its uv close callback (free)
  napi_async_context async_context_ = nullptr;
  napi_ref resource_ = nullptr;
  int holds_ = 0;
  bool draining_ = false;
  std::vector<std::function<void()>> after_drain_;  // JS thread only
  napi_callback_scope scope_ = nullptr;  // the running task's; JS thread only

  mutable std::mutex mutex_;
  std::deque<Task> queue_;  // guarded by mutex_
  bool wake_pending_ = false;  // guarded by mutex_
  bool closed_ = false;  // guarded by mutex_
  std::atomic<uint64_t> posted_{0};  // written under mutex_
  bool lazy_timer_armed_ = false;    // guarded by mutex_
};

}  // namespace nlw
