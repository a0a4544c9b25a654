#include "data_channel.h"

#include <utility>

#include "convert.h"
#include "engine.h"
#include "errors.h"
#include "api/task_queue/task_queue_base.h"
#include "api/units/time_delta.h"

#include <optional>

namespace nlw {

void DataChannelObserverImpl::OnStateChange() {
  std::string state = webrtc::DataChannelInterface::DataStateString(channel_->state());
  int id = channel_->id();
  webrtc::RTCError error = channel_->error();
  std::optional<ErrorInfo> failure;
  if (!error.ok() && channel_->state() == webrtc::DataChannelInterface::kClosed) {
    failure = FromRTCError(error);
    if (failure->error_detail.empty()) failure->error_detail = "data-channel-failure";
    failure->name = "RTCError";
  }
  auto link = link_;
  uint64_t last_batch;
  {
    std::lock_guard<std::mutex> lock(messages_mutex_);
    last_batch = batch_;
  }
  Link<DataChannel>::Post(link_, [this, link, state, id, failure, last_batch](Napi::Env env, DataChannel& channel) {
    // Messages that arrived before this state change are delivered first, each as its own task.
    if (FlushMessages(env, channel, last_batch) && link->target) link->funnel->Checkpoint();
    if (!link->target) return;
    channel.DeliverState(env, state, id, failure ? MakeError(env, *failure) : env.Undefined());
  });
}

void DataChannelObserverImpl::OnMessage(const webrtc::DataBuffer& buffer) {
  uint64_t last_batch;
  {
    std::lock_guard<std::mutex> lock(messages_mutex_);
    bool post = messages_.empty() || link_->funnel->posted() != flush_place_;
    if (post) ++batch_;
    messages_.push_back(Message{buffer.data, buffer.binary, batch_});
    if (!post) return;
    last_batch = batch_;
  }
  // Posted outside the lock (the JS thread takes it to deliver); flush_place_ is this thread's alone.
  flush_place_ = Link<DataChannel>::Post(link_, [this, last_batch](Napi::Env env, DataChannel& channel) {
    FlushMessages(env, channel, last_batch);
  });
}

// JS thread. `this` is alive: the wrapper that owns it is alive (Link checked it).
bool DataChannelObserverImpl::FlushMessages(Napi::Env env, DataChannel& channel, uint64_t last_batch) {
  std::vector<Message> batch;
  {
    std::lock_guard<std::mutex> lock(messages_mutex_);
    while (!messages_.empty() && messages_.front().batch <= last_batch) {
      batch.push_back(std::move(messages_.front()));
      messages_.pop_front();
    }
  }
  // A handler may release the channel (shutdown): `this` may be gone after any delivery.
  std::shared_ptr<Link<DataChannel>> link = link_;
  bool first = true;
  for (const Message& message : batch) {
    // A browser fires each message from its own task: code awaiting the next message (a promise resolved
    // by onmessage) must run before the one after it.
    if (!first) link->funnel->Checkpoint();
    first = false;
    if (!link->target) break;
    Napi::HandleScope scope(env);
    channel.DeliverMessage(env, message.data, message.binary);
  }
  return !batch.empty();
}

void DataChannelObserverImpl::OnBufferedAmountChange(uint64_t sent_data_size) {
  // Coalesced: lib/ only needs the total drained since it last heard.
  if (unreported_sent_.fetch_add(sent_data_size) != 0) return;
  // Queued in order (before the peer can deliver the message, engine patch 0018) but without a wake-up of
  // its own: a peer's message in this process wakes JavaScript once for both; otherwise a timer does,
  // within a millisecond.
  Funnel::LazyPost post = Link<DataChannel>::PostLazy(link_, [this](Napi::Env env, DataChannel& channel) {
    channel.DeliverSent(env, unreported_sent_.exchange(0));
  });
  if (!post.arm_timer) return;
  // The wake-up runs when the timer task ends, or is dropped unrun (its thread stopping): the funnel's timer
  // is never left armed with nothing to fire it.
  struct WakeAtEnd {
    std::weak_ptr<Funnel> funnel;
    ~WakeAtEnd() {
      if (auto alive = funnel.lock()) alive->WakeIfWaiting();
    }
  };
  auto wake = std::make_unique<WakeAtEnd>();
  wake->funnel = link_->funnel;
  // Without a task queue here (not expected), `wake` wakes the JS thread at once as it goes out of scope.
  if (webrtc::TaskQueueBase* thread = webrtc::TaskQueueBase::Current()) {
    thread->PostDelayedTask([wake = std::move(wake)] {}, webrtc::TimeDelta::Millis(1));
  }
}

AdoptedChannel::~AdoptedChannel() {
  if (channel && observer) channel->UnregisterObserver();
}

std::shared_ptr<AdoptedChannel> DataChannel::Adopt(std::shared_ptr<Funnel> funnel,
                                                   rtc::scoped_refptr<webrtc::DataChannelInterface> channel) {
  auto adopted = std::make_shared<AdoptedChannel>();
  auto link = std::make_shared<Link<DataChannel>>(std::move(funnel));
  adopted->observer = std::make_unique<DataChannelObserverImpl>(link, channel.get());
  channel->RegisterObserver(adopted->observer.get());
  adopted->channel = std::move(channel);
  return adopted;
}

DataChannelAttributes DataChannelAttributes::Read(webrtc::DataChannelInterface* channel) {
  DataChannelAttributes a;
  a.label = channel->label();
  a.protocol = channel->protocol();
  a.ordered = channel->ordered();
  a.negotiated = channel->negotiated();
  if (auto lifetime = channel->maxPacketLifeTime()) a.lifetime = *lifetime;
  if (auto retransmits = channel->maxRetransmitsOpt()) a.retransmits = *retransmits;
  a.id = channel->id();
  a.priority = channel->priority();
  a.state = channel->state();
  return a;
}

Napi::Object DataChannelAttributes::ToJS(Napi::Env env) const {
  Napi::Object result = Napi::Object::New(env);
  result.Set("label", label);
  result.Set("ordered", ordered);
  result.Set("maxPacketLifeTime", lifetime ? Napi::Number::New(env, *lifetime) : env.Null());
  result.Set("maxRetransmits", retransmits ? Napi::Number::New(env, *retransmits) : env.Null());
  result.Set("protocol", protocol);
  result.Set("negotiated", negotiated);
  result.Set("id", id >= 0 ? Napi::Number::New(env, id) : env.Null());
  result.Set("priority", PriorityName(priority));
  result.Set("readyState", webrtc::DataChannelInterface::DataStateString(state));
  return result;
}

void DataChannel::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeDataChannel",
                                    {
                                        InstanceMethod<&DataChannel::Info>("info"),
                                        InstanceMethod<&DataChannel::Send>("send"),
                                        InstanceMethod<&DataChannel::Close>("close"),
                                    });
  AddonData::Get(env)->constructors["DataChannel"] = Napi::Persistent(ctor);
}

Napi::Object DataChannel::NewInstance(Napi::Env env, const std::shared_ptr<AdoptedChannel>& adopted, Shard* shard) {
  Napi::Object object = AddonData::Get(env)->constructors["DataChannel"].New({});
  DataChannel* self = Napi::ObjectWrap<DataChannel>::Unwrap(object);
  self->shard_ = shard;
  self->channel_ = std::move(adopted->channel);
  self->observer_ = std::move(adopted->observer);
  self->observer_->link()->target = self;
  self->first_info_ = adopted->attributes;
  return object;
}

DataChannel::DataChannel(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<DataChannel>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

DataChannel::~DataChannel() { ReleaseEngineRefs(); }

void DataChannel::ReleaseEngineRefs() {
  if (observer_) observer_->link()->target = nullptr;
  if (channel_) {
    channel_->UnregisterObserver();
    channel_ = nullptr;
  }
  observer_.reset();
}

// info(): the channel's attributes (only id and state change): the ones read at adoption the first time,
// then in one hop to the signaling thread.
Napi::Value DataChannel::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!channel_) return env.Null();
  if (first_info_) {
    DataChannelAttributes first = std::move(*first_info_);
    first_info_.reset();
    return first.ToJS(env);
  }
  webrtc::DataChannelInterface* channel = channel_.get();
  return shard_->signaling_thread()->BlockingCall([channel] { return DataChannelAttributes::Read(channel); }).ToJS(env);
}

// send(string | ArrayBufferView | ArrayBuffer): returns the number of bytes queued. lib/ checked the state
// and the size. The send is posted to the signaling thread, in order with close().
Napi::Value DataChannel::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!channel_) ThrowError(env, "InvalidStateError", "The RTCDataChannel is closed");
  Napi::Value value = info[0];
  rtc::CopyOnWriteBuffer bytes;
  bool binary = true;
  if (value.IsString()) {
    binary = false;
    size_t length = 0;
    napi_get_value_string_utf8(env, value, nullptr, 0, &length);
    // napi writes a terminating NUL: let it, then drop it.
    bytes.SetSize(length + 1);
    napi_get_value_string_utf8(env, value, reinterpret_cast<char*>(bytes.MutableData()), length + 1, &length);
    bytes.SetSize(length);
  } else if (value.IsTypedArray() || value.IsDataView()) {
    ByteView view = ViewBytes(value);
    bytes.SetData(view.data, view.size);
  } else if (value.IsArrayBuffer()) {
    Napi::ArrayBuffer buffer = value.As<Napi::ArrayBuffer>();
    bytes.SetData(static_cast<const uint8_t*>(buffer.Data()), buffer.ByteLength());
  } else {
    ThrowTypeError(env, "send() expects a string, an ArrayBuffer or an ArrayBufferView");
  }
  size_t size = bytes.size();
  bool post = false;
  {
    std::lock_guard<std::mutex> lock(send_queue_->mutex);
    send_queue_->messages.emplace_back(std::move(bytes), binary);
    post = !std::exchange(send_queue_->task_posted, true);
  }
  if (post) {
    shard_->signaling_thread()->PostTask([channel = channel_, queue = send_queue_] {
      std::vector<webrtc::DataBuffer> batch;
      {
        std::lock_guard<std::mutex> lock(queue->mutex);
        batch.swap(queue->messages);
        queue->task_posted = false;
      }
      for (const webrtc::DataBuffer& buffer : batch) channel->Send(buffer);
    });
  }
  return Napi::Number::New(env, static_cast<double>(size));
}

Napi::Value DataChannel::Close(const Napi::CallbackInfo& info) {
  if (channel_) {
    shard_->signaling_thread()->PostTask([channel = channel_] { channel->Close(); });
  }
  return info.Env().Undefined();
}

void DataChannel::DeliverState(Napi::Env env, const std::string& state, int id, const Napi::Value& error) {
  CallHandler(Value(), "onstate",
              {Napi::String::New(env, state), id >= 0 ? Napi::Number::New(env, id) : env.Null(), error});
}

void DataChannel::DeliverMessage(Napi::Env env, const rtc::CopyOnWriteBuffer& data, bool binary) {
  Napi::Object self = Value();
  if (self.IsEmpty()) return;
  if (on_message_.IsEmpty()) {
    Napi::Value handler = self.Get("onmessage");
    if (!handler.IsFunction()) return;
    // Weak: the handler is a property of `self`, so it lives as long as the wrapper needs it.
    on_message_ = Napi::Weak(handler.As<Napi::Function>());
  }
  Napi::Function handler = on_message_.Value();
  if (handler.IsEmpty()) return;
  Napi::Value payload;
  if (binary) {
    payload = CopyToArrayBuffer(env, data.cdata(), data.size());
  } else {
    payload = Napi::String::New(env, reinterpret_cast<const char*>(data.cdata()), data.size());
  }
  handler.Call(self, {payload});
}

void DataChannel::DeliverSent(Napi::Env env, uint64_t bytes) {
  CallHandler(Value(), "onsent", {Napi::Number::New(env, static_cast<double>(bytes))});
}

}  // namespace nlw
