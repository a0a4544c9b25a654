#include "encoded_transform.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <utility>

#include "convert.h"
#include "errors.h"
#include "rtc_base/time_utils.h"

namespace nlw {

namespace {

// A transform offered to a worker thread, waiting for that worker to claim it.
struct Offer {
  uint64_t id;
  int64_t thread_id;
  rtc::scoped_refptr<EncodedTransform> transform;
  std::vector<uint8_t> options;  // v8.serialize()d by lib/ in the offering environment
};

struct OfferRegistry {
  std::mutex mutex;
  std::vector<Offer> offers;  // guarded by mutex
  uint64_t next_id = 1;       // guarded by mutex
};

// Process-wide on purpose: the offering and the claiming environment are different threads. C++ only.
OfferRegistry& Offers() {
  static OfferRegistry registry;
  return registry;
}

}  // namespace

// ---- EncodedTransform -------------------------------------------------------------------------------------

void EncodedTransform::Push(RoutedFrame frame) {
  if (!queue_.Push(std::move(frame))) return;
  std::function<void()> wake;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    wake = wake_;
  }
  if (wake) wake();
}

void EncodedTransform::SetConsumer(std::function<void()> wake) {
  std::lock_guard<std::mutex> lock(mutex_);
  wake_ = std::move(wake);
}

void EncodedTransform::Deliver(Frame frame) {
  // Under the lock: the router's destructor detaches (waiting for this) before it goes.
  std::lock_guard<std::mutex> lock(mutex_);
  if (router_) router_->Deliver(std::move(frame));
}

void EncodedTransform::AttachTo(TransformRouter* router, const std::string& kind, const std::string& side) {
  std::lock_guard<std::mutex> lock(mutex_);
  attached_ = true;
  router_ = router;
  kind_ = kind;
  side_ = side;
}

void EncodedTransform::DetachFrom(TransformRouter* router) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (router_ != router) return;
    router_ = nullptr;
  }
  queue_.Take();  // frames of a pipeline this transform no longer serves
  ProducerGone();
}

void EncodedTransform::ProducerGone() {
  std::function<void()> wake;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    producer_gone_ = true;
    wake = wake_;
  }
  if (wake) wake();
}

bool EncodedTransform::producer_gone() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return producer_gone_;
}

bool EncodedTransform::was_attached() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return attached_;
}

std::string EncodedTransform::kind() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return kind_;
}

void EncodedTransform::SetKeyFrameRequester(KeyFrameRequester requester) {
  KeyFrameRequester previous;
  {
    std::unique_lock<std::shared_mutex> lock(requester_mutex_);
    previous = std::exchange(requester_, std::move(requester));
  }
  // `previous` (and the engine references it holds) is released here, on the clearing thread.
}

EncodedTransform::KeyFrameRequest EncodedTransform::RequestKeyFrame(const std::string& side,
                                                                   const std::optional<std::string>& rid) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!attached_) return KeyFrameRequest::kUnattached;
    if (side_ != side || kind_ != "video") return KeyFrameRequest::kWrongSide;
    if (!router_) return KeyFrameRequest::kDetached;
  }
  // An RtpStreamId (RFC 8852: letters and digits), at most 255 characters, as WPT checks.
  auto rid_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (rid && (rid->empty() || rid->size() > 255 || !std::all_of(rid->begin(), rid->end(), rid_char))) {
    return KeyFrameRequest::kInvalidRid;
  }
  std::shared_lock<std::shared_mutex> lock(requester_mutex_);
  if (!requester_) return KeyFrameRequest::kDetached;
  return requester_(rid);
}

// ---- TransformRouter ----------------------------------------------------------------------------------------

TransformRouter::~TransformRouter() {
  // The engine and the sender or receiver have let go: the target's transformer ends. No lock: nothing
  // else holds this router any more, and Detach waits for a delivery in flight.
  if (target_) target_->DetachFrom(this);
}

void TransformRouter::Transform(Frame frame) {
  if (!frame) return;
  rtc::scoped_refptr<EncodedTransform> target;
  std::string mime_type;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    target = target_;
    if (!target) return DeliverLocked(std::move(frame));  // no transform: the frame goes straight on
    auto known = mime_types_.find(frame->GetPayloadType());
    if (known != mime_types_.end()) mime_type = known->second;
  }
  // Outside the lock: a worker delivering holds the target's lock and then takes this one.
  target->Push({std::move(frame), std::move(mime_type)});
}

void TransformRouter::RegisterTransformedFrameCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback) {
  std::lock_guard<std::mutex> lock(mutex_);
  callback_ = std::move(callback);
  ++callback_registrations_;
}

void TransformRouter::RegisterTransformedFrameSinkCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback,
                                                           uint32_t ssrc) {
  std::lock_guard<std::mutex> lock(mutex_);
  sinks_[ssrc] = std::move(callback);
}

// Unregister does not say whose callback: when a stream replaces another (an unsignaled audio stream), the
// old one unregisters after the new one registered. The newest stays until the last one unregisters.
void TransformRouter::UnregisterTransformedFrameCallback() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (callback_registrations_ > 0 && --callback_registrations_ == 0) callback_ = nullptr;
}

void TransformRouter::UnregisterTransformedFrameSinkCallback(uint32_t ssrc) {
  std::lock_guard<std::mutex> lock(mutex_);
  sinks_.erase(ssrc);
}

void TransformRouter::SetTarget(rtc::scoped_refptr<EncodedTransform> target) {
  rtc::scoped_refptr<EncodedTransform> previous;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    previous = std::exchange(target_, std::move(target));
  }
  if (previous) previous->DetachFrom(this);
}

void TransformRouter::SetMimeTypes(std::map<int, std::string> mime_types) {
  std::lock_guard<std::mutex> lock(mutex_);
  mime_types_ = std::move(mime_types);
}

void TransformRouter::Deliver(Frame frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  DeliverLocked(std::move(frame));
}

// Under the lock: a delegate's Unregister (in its stream's teardown) then waits for a delivery in flight,
// and no delivery reaches a delegate whose threads are gone. Delegates only post from here.
void TransformRouter::DeliverLocked(Frame frame) {
  // libwebrtc CHECKs the direction of what it gets back: only this pipeline's own kind of frame returns.
  if (frame->GetDirection() != direction_) return;
  auto it = sinks_.find(frame->GetSsrc());
  webrtc::TransformedFrameCallback* callback = it != sinks_.end() ? it->second.get() : sinks_.empty() ? callback_.get() : nullptr;
  if (callback) callback->OnTransformedFrame(std::move(frame));
}

rtc::scoped_refptr<EncodedTransform> TransformArgument(const Napi::CallbackInfo& info) {
  if (info[0].IsNull()) return nullptr;
  ScriptTransform* transform = ScriptTransform::FromValue(info[0]);
  if (!transform || !transform->transform()) {
    ThrowTypeError(info.Env(), "setTransform: expected an RTCRtpScriptTransform or null");
  }
  return transform->transform();
}

bool SwitchTransform(Napi::Env env, bool pipeline_alive, rtc::scoped_refptr<TransformRouter>& router,
                     webrtc::TransformableFrameInterface::Direction direction,
                     const std::map<int, std::string>& mime_types, const rtc::scoped_refptr<EncodedTransform>& target,
                     const std::string& kind) {
  if (!pipeline_alive) {
    if (target) target->ProducerGone();  // no pipeline to serve: its transformer ends
    return false;
  }
  if (!target && !router) return false;
  // lib/ lets a transform serve one sender or receiver, once; this is the native guard of that rule.
  if (target && target->was_attached()) {
    ThrowError(env, "InvalidStateError", "This RTCRtpScriptTransform was already used by a sender or receiver");
  }
  const bool made = !router;
  if (made) {
    router = rtc::make_ref_counted<TransformRouter>(direction);
    router->SetMimeTypes(mime_types);
  }
  const bool sender = direction == webrtc::TransformableFrameInterface::Direction::kSender;
  if (target) target->AttachTo(router.get(), kind, sender ? "sender" : "receiver");
  router->SetTarget(target);
  return made;
}

std::map<int, std::string> MimeTypesFromJS(const Napi::Value& value) {
  std::map<int, std::string> mime_types;
  if (!value.IsArray()) return mime_types;
  Napi::Array list = value.As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Value entry = list.Get(i);
    if (!entry.IsArray()) continue;
    Napi::Array pair = entry.As<Napi::Array>();
    Napi::Value payload_type = pair.Get(0u), mime_type = pair.Get(1u);
    if (payload_type.IsNumber() && mime_type.IsString()) {
      mime_types[payload_type.As<Napi::Number>().Int32Value()] = mime_type.As<Napi::String>().Utf8Value();
    }
  }
  return mime_types;
}

// ---- ScriptTransform (the offering environment) -------------------------------------------------------------

void ScriptTransform::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeScriptTransform", {});
  AddonData::Get(env)->constructors["ScriptTransform"] = Napi::Persistent(ctor);
  exports.Set("ScriptTransform", ctor);
}

ScriptTransform* ScriptTransform::FromValue(Napi::Value value) {
  if (!value.IsObject()) return nullptr;
  Napi::Object object = value.As<Napi::Object>();
  if (!object.InstanceOf(AddonData::Get(value.Env())->constructors["ScriptTransform"].Value())) return nullptr;
  return Napi::ObjectWrap<ScriptTransform>::Unwrap(object);
}

// new ScriptTransform(workerThreadId, options: Uint8Array of v8.serialize(options))
ScriptTransform::ScriptTransform(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<ScriptTransform>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber() || !info[1].IsTypedArray()) ThrowTypeError(env, "ScriptTransform(threadId, options)");
  Napi::Uint8Array options = info[1].As<Napi::Uint8Array>();
  transform_ = rtc::make_ref_counted<EncodedTransform>();
  OfferRegistry& registry = Offers();
  std::lock_guard<std::mutex> lock(registry.mutex);
  offer_id_ = registry.next_id++;
  registry.offers.push_back(Offer{offer_id_, info[0].As<Napi::Number>().Int64Value(), transform_,
                                  std::vector<uint8_t>(options.Data(), options.Data() + options.ByteLength())});
}

ScriptTransform::~ScriptTransform() { ReleaseEngineRefs(); }

void ScriptTransform::ReleaseEngineRefs() {
  if (offer_id_) {
    OfferRegistry& registry = Offers();
    std::lock_guard<std::mutex> lock(registry.mutex);
    std::erase_if(registry.offers, [this](const Offer& offer) { return offer.id == offer_id_; });
    offer_id_ = 0;
  }
  if (transform_) {
    // Before this environment's engine threads stop: a worker must not call into them afterwards.
    transform_->SetKeyFrameRequester(nullptr);
    // Never set on a sender or receiver: its transformer gets nothing and ends. (Once attached, the
    // router ends it.)
    if (!transform_->was_attached()) transform_->ProducerGone();
  }
  transform_ = nullptr;
}

// ---- ScriptTransformer (the worker's environment) -----------------------------------------------------------

void ScriptTransformer::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeScriptTransformer",
                                    {
                                        StaticMethod<&ScriptTransformer::Claim>("claim"),
                                        InstanceMethod<&ScriptTransformer::Write>("write"),
                                        InstanceMethod<&ScriptTransformer::Close>("close"),
                                        InstanceMethod<&ScriptTransformer::Dropped>("dropped"),
                                        InstanceMethod<&ScriptTransformer::RequestKeyFrame>("requestKeyFrame"),
                                    });
  AddonData::Get(env)->constructors["ScriptTransformer"] = Napi::Persistent(ctor);
  exports.Set("ScriptTransformer", ctor);
}

ScriptTransformer::ScriptTransformer(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<ScriptTransformer>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {}

ScriptTransformer::~ScriptTransformer() {
  held_ = false;  // being finalized: the reference is going away with the object
  ReleaseEngineRefs();
}

void ScriptTransformer::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (transform_) transform_->SetConsumer(nullptr);
  transform_ = nullptr;
  if (held_) {
    held_ = false;
    Unref();
  }
}

// claim(threadId) -> [[transformer, options: Uint8Array], ...]: the transforms offered to this thread.
Napi::Value ScriptTransformer::Claim(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber()) ThrowTypeError(env, "claim(threadId)");
  int64_t thread_id = info[0].As<Napi::Number>().Int64Value();
  std::vector<Offer> claimed;
  {
    OfferRegistry& registry = Offers();
    std::lock_guard<std::mutex> lock(registry.mutex);
    for (auto it = registry.offers.begin(); it != registry.offers.end();) {
      if (it->thread_id == thread_id) {
        claimed.push_back(std::move(*it));
        it = registry.offers.erase(it);
      } else {
        ++it;
      }
    }
  }
  AddonData* data = AddonData::Get(env);
  Napi::Array result = Napi::Array::New(env, claimed.size());
  for (size_t i = 0; i < claimed.size(); ++i) {
    Napi::Object object = data->constructors["ScriptTransformer"].New({});
    ScriptTransformer* self = Napi::ObjectWrap<ScriptTransformer>::Unwrap(object);
    self->transform_ = claimed[i].transform;
    // Held until close() or the environment's end: JS may keep nothing but a pipe between its streams, and a
    // collected transformer would silently stop the media.
    self->Ref();
    self->held_ = true;
    self->link_ = std::make_shared<Link<ScriptTransformer>>(data->funnel);
    self->link_->target = self;
    auto link = self->link_;
    auto wake = [link] { Link<ScriptTransformer>::Post(link, [](Napi::Env env, ScriptTransformer& t) { t.Flush(env); }); };
    self->transform_->SetConsumer(wake);
    wake();  // frames that arrived before the claim, after lib/ has set onframes
    Napi::Array entry = Napi::Array::New(env, 2);
    entry.Set(0u, object);
    entry.Set(1u, Napi::Buffer<uint8_t>::Copy(env, claimed[i].options.data(), claimed[i].options.size()));
    result.Set(static_cast<uint32_t>(i), entry);
  }
  return result;
}

// JS thread: every queued frame as onframes([{handle, kind, data, type, timestamp, metadata}, ...]).
void ScriptTransformer::Flush(Napi::Env env) {
  if (!transform_) return;
  // Read first: a frame that arrives after this read is still taken below, then the end follows.
  bool gone = transform_->producer_gone();
  auto frames = transform_->Take();
  if (frames.empty()) {
    if (gone) End();
    return;
  }
  Napi::HandleScope scope(env);
  const std::string kind = transform_->kind();
  AddonData* data = AddonData::Get(env);
  Napi::Array list = Napi::Array::New(env, frames.size());
  // The engine's clock (rtc::TimeMicros()) to the epoch, for the frames' times.
  const double epoch_offset_ms = static_cast<double>(rtc::TimeUTCMicros() - rtc::TimeMicros()) / 1000.0;
  uint32_t index = 0;
  for (auto& [frame, mime_type] : frames) {
    Napi::Object entry = Napi::Object::New(env);
    Napi::Object metadata = Napi::Object::New(env);
    auto payload = frame->GetData();
    Napi::ArrayBuffer bytes = CopyToArrayBuffer(env, payload.data(), payload.size());
    entry.Set("kind", kind);
    entry.Set("data", bytes);
    entry.Set("timestamp", static_cast<double>(frame->GetTimestamp()));
    metadata.Set("synchronizationSource", static_cast<double>(frame->GetSsrc()));
    metadata.Set("payloadType", frame->GetPayloadType());
    metadata.Set("rtpTimestamp", static_cast<double>(frame->GetTimestamp()));
    if (!mime_type.empty()) metadata.Set("mimeType", mime_type);
    if (kind == "video") {
      // Sender and receiver video frames both implement the video interface (libwebrtc has no RTTI here).
      auto& video = static_cast<webrtc::TransformableVideoFrameInterface&>(*frame);
      entry.Set("type", payload.empty() ? "empty" : video.IsKeyFrame() ? "key" : "delta");
      const webrtc::VideoFrameMetadata& meta = video.GetMetadata();
      if (meta.GetFrameId()) metadata.Set("frameId", static_cast<double>(*meta.GetFrameId()));
      // The encoder's frame dependencies exist on the sending side; a received frame has none to report (as
      // in Chrome, which leaves the member out).
      if (frame->GetDirection() == webrtc::TransformableFrameInterface::Direction::kSender) {
        Napi::Array dependencies = Napi::Array::New(env, meta.GetFrameDependencies().size());
        for (size_t d = 0; d < meta.GetFrameDependencies().size(); ++d) {
          dependencies.Set(static_cast<uint32_t>(d), static_cast<double>(meta.GetFrameDependencies()[d]));
        }
        metadata.Set("dependencies", dependencies);
      }
      metadata.Set("width", meta.GetWidth());
      metadata.Set("height", meta.GetHeight());
      metadata.Set("spatialIndex", meta.GetSpatialIndex());
      metadata.Set("temporalIndex", meta.GetTemporalIndex());
      metadata.Set("contributingSources", Napi::Array::New(env));
    } else if (frame->GetDirection() == webrtc::TransformableFrameInterface::Direction::kReceiver) {
      // Received audio frames carry their RTP header; sent ones have none yet.
      auto& audio = static_cast<webrtc::TransformableAudioFrameInterface&>(*frame);
      auto csrcs = audio.GetContributingSources();
      Napi::Array list_of_csrcs = Napi::Array::New(env, csrcs.size());
      for (size_t c = 0; c < csrcs.size(); ++c) list_of_csrcs.Set(static_cast<uint32_t>(c), static_cast<double>(csrcs[c]));
      metadata.Set("contributingSources", list_of_csrcs);
      const webrtc::RTPHeader& header = audio.GetHeader();
      metadata.Set("sequenceNumber", header.sequenceNumber);
      // RFC 6464's level (0 loudest .. 127 silence, -dBov) as the linear 0..1 that getSynchronizationSources() uses.
      if (header.extension.hasAudioLevel) {
        metadata.Set("audioLevel", header.extension.audioLevel == 127 ? 0.0 : std::pow(10.0, -header.extension.audioLevel / 20.0));
      }
    } else {
      metadata.Set("contributingSources", Napi::Array::New(env));
    }
    // Times in ms since the epoch here; lib/ makes them relative to the worker's time origin. A received
    // frame's capture time comes from abs-capture-time (the capture system's NTP clock, moved to the
    // sender's by its offset estimate), read as this machine's clock: no clock-offset estimate is applied.
    if (auto receive_time = frame->ReceiveTime()) {
      metadata.Set("receiveTime", static_cast<double>(receive_time->us()) / 1000.0 + epoch_offset_ms);
    }
    if (auto capture = frame->GetAbsoluteCaptureTime()) {
      constexpr double kMsPerQ32 = 1000.0 / 4294967296.0;  // 2^32 fractions of a second
      constexpr double kNtpToUnixMs = 2'208'988'800'000.0;  // 1900 to 1970
      const auto& offset = capture->estimated_capture_clock_offset;
      const double offset_ms = offset ? static_cast<double>(*offset) * kMsPerQ32 : 0.0;
      const double ntp_ms = static_cast<double>(capture->absolute_capture_timestamp >> 32) * 1000.0 +
                            static_cast<double>(capture->absolute_capture_timestamp & 0xFFFFFFFFu) * kMsPerQ32;
      metadata.Set("captureTime", ntp_ms - kNtpToUnixMs + offset_ms);
      if (offset) metadata.Set("senderCaptureTimeOffset", offset_ms);
    } else if (auto local_capture = frame->LocalCaptureTime()) {
      metadata.Set("captureTime", static_cast<double>(local_capture->us()) / 1000.0 + epoch_offset_ms);
    }
    entry.Set("metadata", metadata);
    Napi::Object handle = data->constructors["EncodedFrame"].New({});
    EncodedFrame* wrapped = Napi::ObjectWrap<EncodedFrame>::Unwrap(handle);
    wrapped->frame_ = std::move(frame);
    wrapped->owner_ = transform_;
    entry.Set("handle", handle);
    list.Set(index++, entry);
  }
  if (link_ && link_->target) CallHandler(Value(), "onframes", {list});
  if (gone) End();
}

// No frame will come any more: lib/ closes the readable (ending the pipe), and the reference that kept this
// transformer alive for the pipe goes.
void ScriptTransformer::End() {
  if (link_ && link_->target) CallHandler(Value(), "onended", {});
  ReleaseEngineRefs();
}

// write(handle, data: ArrayBuffer | view) -> whether the frame went back to libwebrtc. A frame of another
// transform, or one already written, is dropped (webrtc-encoded-transform).
Napi::Value ScriptTransformer::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transform_ || !info[0].IsObject()) return Napi::Boolean::New(env, false);
  Napi::Object handle = info[0].As<Napi::Object>();
  if (!handle.InstanceOf(AddonData::Get(env)->constructors["EncodedFrame"].Value())) return Napi::Boolean::New(env, false);
  EncodedFrame* wrapped = Napi::ObjectWrap<EncodedFrame>::Unwrap(handle);
  if (wrapped->owner() != transform_.get() || !wrapped->frame_) return Napi::Boolean::New(env, false);
  EncodedTransform::Frame frame = wrapped->TakeFrame();
  if (info[1].IsArrayBuffer()) {
    Napi::ArrayBuffer buffer = info[1].As<Napi::ArrayBuffer>();
    frame->SetData(rtc::ArrayView<const uint8_t>(static_cast<const uint8_t*>(buffer.Data()), buffer.ByteLength()));
  } else if (info[1].IsTypedArray()) {
    Napi::TypedArray view = info[1].As<Napi::TypedArray>();
    auto* bytes = static_cast<const uint8_t*>(view.ArrayBuffer().Data()) + view.ByteOffset();
    frame->SetData(rtc::ArrayView<const uint8_t>(bytes, view.ByteLength()));
  } else {
    return Napi::Boolean::New(env, false);  // no data given: dropped, never sent with its original payload
  }
  transform_->Deliver(std::move(frame));
  return Napi::Boolean::New(env, true);
}

Napi::Value ScriptTransformer::Close(const Napi::CallbackInfo& info) {
  ReleaseEngineRefs();
  return info.Env().Undefined();
}

Napi::Value ScriptTransformer::Dropped(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), transform_ ? static_cast<double>(transform_->dropped()) : 0);
}

// requestKeyFrame('sender' | 'receiver', rid?) -> 'sent' | 'wrong-side' (not a video transform of that side) |
// 'invalid-rid' | 'unknown-rid' | 'unattached' (never set on a sender or receiver) | 'detached' (set no longer, or
// its connection's side has ended). A sender's encoder makes a key frame; a receiver asks the remote sender.
Napi::Value ScriptTransformer::RequestKeyFrame(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transform_) return Napi::String::New(env, "detached");
  const std::string side = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "receiver";
  std::optional<std::string> rid;
  if (info[1].IsString()) rid = info[1].As<Napi::String>().Utf8Value();
  switch (transform_->RequestKeyFrame(side, rid)) {
    case EncodedTransform::KeyFrameRequest::kSent:
      return Napi::String::New(env, "sent");
    case EncodedTransform::KeyFrameRequest::kWrongSide:
      return Napi::String::New(env, "wrong-side");
    case EncodedTransform::KeyFrameRequest::kInvalidRid:
      return Napi::String::New(env, "invalid-rid");
    case EncodedTransform::KeyFrameRequest::kUnknownRid:
      return Napi::String::New(env, "unknown-rid");
    case EncodedTransform::KeyFrameRequest::kUnattached:
      return Napi::String::New(env, "unattached");
    case EncodedTransform::KeyFrameRequest::kDetached:
      break;
  }
  return Napi::String::New(env, "detached");
}

// ---- EncodedFrame -------------------------------------------------------------------------------------------

void EncodedFrame::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeEncodedFrame", {});
  AddonData::Get(env)->constructors["EncodedFrame"] = Napi::Persistent(ctor);
  exports.Set("EncodedFrame", ctor);
}

EncodedFrame::EncodedFrame(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EncodedFrame>(info) {}

}  // namespace nlw
