// RTCDataChannel's native half. Sends are posted to the signaling thread without blocking JS; messages,
// state changes and drained-byte counts come back through the funnel, in order.
#pragma once

#include <napi.h>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "addon_data.h"
#include "api/data_channel_interface.h"
#include "link.h"

namespace nlw {

class Shard;
class DataChannel;

// Registered with libwebrtc as soon as the channel exists (before its JS object, for remote channels).
class DataChannelObserverImpl : public webrtc::DataChannelObserver {
 public:
  DataChannelObserverImpl(std::shared_ptr<Link<DataChannel>> link, webrtc::DataChannelInterface* channel)
      : link_(std::move(link)), channel_(channel) {}
  void OnStateChange() override;
  void OnMessage(const webrtc::DataBuffer& buffer) override;
  void OnBufferedAmountChange(uint64_t sent_data_size) override;
  const std::shared_ptr<Link<DataChannel>>& link() const { return link_; }

 private:
  struct Message {
    rtc::CopyOnWriteBuffer data;
    bool binary;
    uint64_t batch;  // the task that delivers it
  };
  // Delivers the waiting messages of batches up to `last_batch`; returns whether there were any.
  bool FlushMessages(Napi::Env env, DataChannel& channel, uint64_t last_batch);

  std::shared_ptr<Link<DataChannel>> link_;
  webrtc::DataChannelInterface* channel_;
  std::atomic<uint64_t> unreported_sent_{0};
  // Messages wait here between the signaling thread and the JS task that delivers them, with a microtask
  // checkpoint between two. A task delivers the messages that arrived while it was the funnel's last
  // task: one arriving after any other task was posted waits for a task behind that one, so that it
  // cannot overtake it (a bufferedAmount drop, a state change) in the order events reach JavaScript.
  std::mutex messages_mutex_;
  std::deque<Message> messages_;  // guarded by messages_mutex_
  uint64_t batch_ = 0;            // guarded by messages_mutex_
  uint64_t flush_place_ = 0;      // the funnel place of the last delivering task; signaling thread only
};

// A channel's attributes (only id and state change), read together on the signaling thread.
struct DataChannelAttributes {
  std::string label, protocol;
  bool ordered = true, negotiated = false;
  std::optional<int> lifetime, retransmits;
  int id = -1;
  webrtc::Priority priority = webrtc::Priority::kLow;
  webrtc::DataChannelInterface::DataState state = webrtc::DataChannelInterface::kClosed;

  static DataChannelAttributes Read(webrtc::DataChannelInterface* channel);  // signaling thread
  Napi::Object ToJS(Napi::Env env) const;
};

// A channel and its registered observer, in transit from the signaling thread to its JS wrapper.
// Unregisters the observer if the wrapper never adopts it.
struct AdoptedChannel {
  rtc::scoped_refptr<webrtc::DataChannelInterface> channel;
  std::unique_ptr<DataChannelObserverImpl> observer;
  // Read with the observer's registration for channels created here: the wrapper's first info(). Not for
  // remote channels, which libwebrtc announces before it opens them (lib/ must see them open).
  std::optional<DataChannelAttributes> attributes;
  ~AdoptedChannel();
};

class DataChannel : public Napi::ObjectWrap<DataChannel>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // Any thread (signaling for remote channels): registers an observer now.
  static std::shared_ptr<AdoptedChannel> Adopt(std::shared_ptr<Funnel> funnel,
                                               rtc::scoped_refptr<webrtc::DataChannelInterface> channel);
  static Napi::Object NewInstance(Napi::Env env, const std::shared_ptr<AdoptedChannel>& adopted, Shard* shard);

  explicit DataChannel(const Napi::CallbackInfo& info);
  ~DataChannel() override;
  void ReleaseEngineRefs() override;

  // JS thread: deliver to the TS object's callbacks.
  void DeliverState(Napi::Env env, const std::string& state, int id, const Napi::Value& error);
  void DeliverMessage(Napi::Env env, const rtc::CopyOnWriteBuffer& data, bool binary);
  void DeliverSent(Napi::Env env, uint64_t bytes);

 private:
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  // Messages send() queued for the signaling thread: one task takes all that are waiting, rather than one
  // task (and thread wake-up) per message.
  struct SendQueue {
    std::mutex mutex;
    std::vector<webrtc::DataBuffer> messages;  // guarded by mutex
    bool task_posted = false;                  // guarded by mutex
  };

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::DataChannelInterface> channel_;
  std::shared_ptr<SendQueue> send_queue_ = std::make_shared<SendQueue>();
  std::unique_ptr<DataChannelObserverImpl> observer_;
  Napi::FunctionReference on_message_;  // cached: the hot path
  std::optional<DataChannelAttributes> first_info_;  // read at adoption; the first info() needs no hop
};

}  // namespace nlw
