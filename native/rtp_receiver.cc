#include "rtp_receiver.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <utility>
#include <vector>

#include "dtls_transport.h"
#include "encoded_transform.h"
#include "engine.h"
#include "errors.h"
#include "api/media_stream_interface.h"
#include "media_stream_track.h"
#include "rtc_base/time_utils.h"
#include "system_wrappers/include/ntp_time.h"
#include "rtp_parameters.h"

namespace nlw {

// The first packet unmutes the remote track (Chrome's behaviour; the spec leaves it to the UA).
class RtpReceiver::Observer : public webrtc::RtpReceiverObserverInterface {
 public:
  explicit Observer(std::shared_ptr<Link<RtpReceiver>> link) : link_(std::move(link)) {}
  void OnFirstPacketReceived(cricket::MediaType) override {
    Link<RtpReceiver>::Post(link_, [](Napi::Env, RtpReceiver& self) { CallHandler(self.Value(), "onfirstpacket", {}); });
  }

 private:
  std::shared_ptr<Link<RtpReceiver>> link_;
};

// libwebrtc reports only a channel's first packet. A track muted because the remote stopped sending unmutes
// when media flows again: this sink on the remote track reports the first frame or audio chunk it sees, once.
// (Audio chunks also flow, as silence, while no packets arrive: lib/ checks the packet sources for audio.)
class RtpReceiver::MediaWatcher : public rtc::VideoSinkInterface<webrtc::VideoFrame>,
                                  public webrtc::AudioTrackSinkInterface {
 public:
  MediaWatcher(std::shared_ptr<Link<RtpReceiver>> link, uint64_t generation)
      : link_(std::move(link)), generation_(generation) {}
  void OnFrame(const webrtc::VideoFrame&) override { Report(); }
  void OnData(const void*, int, int, size_t, size_t) override { Report(); }

 private:
  void Report() {
    if (reported_.exchange(true)) return;
    Link<RtpReceiver>::Post(link_, [generation = generation_](Napi::Env, RtpReceiver& self) {
      // A report that crossed stopWatchingForMedia() (or a newer watch) is stale.
      if (!self.media_watcher_ || self.watch_generation_ != generation) return;
      self.StopWatching();
      CallHandler(self.Value(), "onmediaresumed", {});
    });
  }
  std::shared_ptr<Link<RtpReceiver>> link_;
  const uint64_t generation_;
  std::atomic<bool> reported_{false};
};

// A remote video track's settings are those of the latest frame received (webrtc-pc): this sink stays on the
// track and keeps its size, rotation applied, and the frame rate over the last second or so. The decoder
// thread writes; the JS thread reads.
class RtpReceiver::FrameShape : public rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  void OnFrame(const webrtc::VideoFrame& frame) override {
    bool sideways = frame.rotation() == webrtc::kVideoRotation_90 || frame.rotation() == webrtc::kVideoRotation_270;
    uint32_t width = sideways ? frame.height() : frame.width();
    uint32_t height = sideways ? frame.width() : frame.height();
    size_.store(uint64_t{width} << 32 | height, std::memory_order_relaxed);  // one store: never a torn size
    int64_t now = rtc::TimeMicros();
    last_frame_us_.store(now, std::memory_order_relaxed);
    if (window_frames_++ == 0) window_start_ = now;
    if (now - window_start_ >= 1'000'000) {
      millihertz_.store((window_frames_ - 1) * 1'000'000'000 / (now - window_start_), std::memory_order_relaxed);
      window_start_ = now;
      window_frames_ = 1;
    }
  }
  // { width, height } of the latest frame, from one load; { 0, 0 } before the first.
  std::pair<int, int> size() const {
    uint64_t size = size_.load(std::memory_order_relaxed);
    return {static_cast<int>(size >> 32), static_cast<int>(size & 0xffffffff)};
  }
  // 0 (unknown) once no frame came for two seconds: a rate measured before frames stopped is not current.
  double frame_rate() const {
    if (rtc::TimeMicros() - last_frame_us_.load(std::memory_order_relaxed) > 2'000'000) return 0;
    return millihertz_.load(std::memory_order_relaxed) / 1000.0;
  }

 private:
  std::atomic<uint64_t> size_{0};  // width << 32 | height
  std::atomic<int64_t> last_frame_us_{0};
  std::atomic<int64_t> millihertz_{0};
  int64_t window_start_ = 0;  // decoder thread only
  int64_t window_frames_ = 0;
};

void RtpReceiver::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeRtpReceiver",
                                    {
                                        StaticMethod<&RtpReceiver::GetCapabilities>("getCapabilities"),
                                        InstanceMethod<&RtpReceiver::Track>("track"),
                                        InstanceMethod<&RtpReceiver::GetParameters>("getParameters"),
                                        InstanceMethod<&RtpReceiver::GetSources>("getSources"),
                                        InstanceMethod<&RtpReceiver::Transport>("transport"),
                                        InstanceMethod<&RtpReceiver::StreamIds>("streamIds"),
                                        InstanceMethod<&RtpReceiver::SetJitterBufferTarget>("setJitterBufferTarget"),
                                        InstanceMethod<&RtpReceiver::SetTransform>("setTransform"),
                                        InstanceMethod<&RtpReceiver::SetPayloadTypes>("setPayloadTypes"),
                                        InstanceMethod<&RtpReceiver::WatchForMedia>("watchForMedia"),
                                        InstanceMethod<&RtpReceiver::StopWatchingForMedia>("stopWatchingForMedia"),
                                        InstanceMethod<&RtpReceiver::VideoSettings>("videoSettings"),
                                    });
  AddonData::Get(env)->constructors["RtpReceiver"] = Napi::Persistent(ctor);
  exports.Set("RtpReceiver", ctor);
}

Napi::Object RtpReceiver::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver,
                                      Shard* shard) {
  AddonData* data = AddonData::Get(env);
  if (RtpReceiver* existing = data->FindIdentity<RtpReceiver>(receiver.get())) return existing->Value();
  Napi::Object object = data->constructors["RtpReceiver"].New({});
  RtpReceiver* self = Napi::ObjectWrap<RtpReceiver>::Unwrap(object);
  self->shard_ = shard;
  self->SetIdentity(receiver.get());
  self->receiver_ = std::move(receiver);
  self->link_ = std::make_shared<Link<RtpReceiver>>(data->funnel);
  self->link_->target = self;
  self->observer_ = std::make_unique<Observer>(self->link_);
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track = self->receiver_->track();
  if (track && track->kind() == webrtc::MediaStreamTrackInterface::kVideoKind) self->frame_shape_ = std::make_unique<FrameShape>();
  // One hop for both: on the shard's thread the proxies call straight through.
  shard->worker_thread()->BlockingCall([self, &track] {
    self->receiver_->SetObserver(self->observer_.get());
    if (self->frame_shape_) {
      static_cast<webrtc::VideoTrackInterface*>(track.get())->AddOrUpdateSink(self->frame_shape_.get(), rtc::VideoSinkWants());
    }
  });
  return object;
}

RtpReceiver* RtpReceiver::FromValue(Napi::Value value) {
  if (!value.IsObject()) return nullptr;
  Napi::Object object = value.As<Napi::Object>();
  if (!object.InstanceOf(AddonData::Get(value.Env())->constructors["RtpReceiver"].Value())) return nullptr;
  return Napi::ObjectWrap<RtpReceiver>::Unwrap(object);
}

RtpReceiver::RtpReceiver(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<RtpReceiver>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

RtpReceiver::~RtpReceiver() { ReleaseEngineRefs(); }

void RtpReceiver::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  StopWatching();
  if (receiver_) {
    if (frame_shape_) {
      rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track = receiver_->track();
      if (track) static_cast<webrtc::VideoTrackInterface*>(track.get())->RemoveSink(frame_shape_.get());
    }
    if (OwnsIdentity()) receiver_->SetObserver(nullptr);  // else a newer wrapper's observer is set there
    receiver_ = nullptr;
  }
  frame_shape_.reset();
  observer_.reset();
  // Before this environment's engine threads stop: the worker's key-frame requests must not reach them.
  if (transform_target_) transform_target_->SetKeyFrameRequester(nullptr);
  transform_target_ = nullptr;
  transform_router_ = nullptr;
}

// videoSettings(): { width, height, frameRate? } of the latest frame, or null before the first one.
Napi::Value RtpReceiver::VideoSettings(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!frame_shape_) return env.Null();
  auto [width, height] = frame_shape_->size();
  if (width == 0) return env.Null();
  Napi::Object settings = Napi::Object::New(env);
  settings.Set("width", width);
  settings.Set("height", height);
  double frame_rate = frame_shape_->frame_rate();
  if (frame_rate > 0) settings.Set("frameRate", frame_rate);
  return settings;
}

Napi::Value RtpReceiver::GetCapabilities(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string kind = info[0].As<Napi::String>().Utf8Value();
  Shard& shard = AddonData::Get(env)->engine().DefaultShard();
  return ToJS(env, shard.factory()->GetRtpReceiverCapabilities(kind == "video" ? cricket::MEDIA_TYPE_VIDEO
                                                                               : cricket::MEDIA_TYPE_AUDIO));
}

Napi::Value RtpReceiver::Track(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!receiver_) return env.Null();
  return MediaStreamTrack::NewInstance(env, receiver_->track(), shard_, true);
}

Napi::Value RtpReceiver::GetParameters(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!receiver_) return env.Null();
  return ToJS(env, receiver_->GetParameters(), false);
}

// getSources(): [{ source, type: 'ssrc' | 'csrc', receivedAt, rtpTimestamp, audioLevel? }]; receivedAt is when
// the source's last frame was delivered, on the engine's clock (CLOCK_MONOTONIC, as performance.now()) rounded
// to the nearest ms.
Napi::Value RtpReceiver::GetSources(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array list = Napi::Array::New(env);
  if (!receiver_) return list;
  std::vector<webrtc::RtpSource> sources = receiver_->GetSources();
  uint32_t i = 0;
  for (const webrtc::RtpSource& source : sources) {
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("source", static_cast<double>(source.source_id()));
    entry.Set("type", source.source_type() == webrtc::RtpSourceType::SSRC ? "ssrc" : "csrc");
    entry.Set("receivedAt", static_cast<double>(source.timestamp_ms()));
    entry.Set("rtpTimestamp", static_cast<double>(source.rtp_timestamp()));
    if (auto level = source.audio_level()) {
      // RFC 6464 level in -dBov; the spec wants a linear value in [0, 1].
      entry.Set("audioLevel", *level == 127 ? 0.0 : std::pow(10.0, -static_cast<double>(*level) / 20.0));
    }
    if (auto capture = source.absolute_capture_time()) {
      // abs-capture-time: the capture system's NTP time (ms since 1900, as Chrome gives it) and the sender's
      // estimate of its clock's offset from the capture system's.
      entry.Set("captureTimestamp", static_cast<double>(webrtc::UQ32x32ToInt64Ms(capture->absolute_capture_timestamp)));
      if (capture->estimated_capture_clock_offset) {
        entry.Set("senderCaptureTimeOffset",
                  static_cast<double>(webrtc::Q32x32ToInt64Ms(*capture->estimated_capture_clock_offset)));
      }
    }
    list.Set(i++, entry);
  }
  return list;
}

Napi::Value RtpReceiver::Transport(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!receiver_) return env.Null();
  auto transport = receiver_->dtls_transport();
  return transport ? DtlsTransport::NewInstance(env, transport, shard_) : env.Null();
}

Napi::Value RtpReceiver::StreamIds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array list = Napi::Array::New(env);
  if (!receiver_) return list;
  uint32_t i = 0;
  for (const std::string& id : receiver_->stream_ids()) list.Set(i++, id);
  return list;
}

// setJitterBufferTarget(ms | null): the TypeScript layer has checked the range; libwebrtc takes seconds and
// applies it as the stream's base minimum playout delay (NetEq for audio, the frame buffer for video).
void RtpReceiver::SetJitterBufferTarget(const Napi::CallbackInfo& info) {
  if (!receiver_) return;
  absl::optional<double> seconds;
  // libwebrtc truncates seconds * 1000 to whole milliseconds: half a millisecond more keeps 570 at 570.
  if (info[0].IsNumber()) seconds = (std::round(info[0].As<Napi::Number>().DoubleValue()) + 0.5) / 1000.0;
  receiver_->SetJitterBufferMinimumDelay(seconds);
}

// setTransform(nativeScriptTransform | null): received encoded frames go through it before the decoder
// (null: straight on). The engine gets this receiver's router once; the router switches.
Napi::Value RtpReceiver::SetTransform(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rtc::scoped_refptr<EncodedTransform> target = TransformArgument(info);
  const bool video = receiver_ && receiver_->media_type() == cricket::MEDIA_TYPE_VIDEO;
  const bool install = SwitchTransform(env, receiver_ != nullptr, transform_router_,
                                       webrtc::TransformableFrameInterface::Direction::kReceiver, mime_types_, target,
                                       video ? "video" : "audio");
  if (!receiver_ || (!target && !transform_router_)) return env.Undefined();
  if (transform_target_) transform_target_->SetKeyFrameRequester(nullptr);  // it has ended with the switch
  transform_target_ = target;
  if (install) receiver_->SetDepacketizerToDecoderFrameTransformer(transform_router_);
  if (target && video && receiver_->track()) {
    // sendKeyFrameRequest(): the remote track's source sends the request (its proxy hops to this shard).
    // The receiver is kept too: the source calls back into it through a raw pointer.
    rtc::scoped_refptr<webrtc::VideoTrackSourceInterface> source(
        static_cast<webrtc::VideoTrackInterface*>(receiver_->track().get())->GetSource());
    if (source) {
      target->SetKeyFrameRequester([receiver = receiver_, source](const std::optional<std::string>&) {
        source->GenerateKeyFrame();
        return EncodedTransform::KeyFrameRequest::kSent;
      });
    }
  }
  return env.Undefined();
}

// setPayloadTypes([[payloadType, mimeType], ...]): the negotiated codecs, named in the metadata of frames
// going through a transform.
void RtpReceiver::SetPayloadTypes(const Napi::CallbackInfo& info) {
  mime_types_ = MimeTypesFromJS(info[0]);
  if (transform_router_) transform_router_->SetMimeTypes(mime_types_);
}

// watchForMedia(): onmediaresumed fires (once) when the remote track next carries a frame or audio chunk.
void RtpReceiver::WatchForMedia(const Napi::CallbackInfo&) {
  if (!receiver_ || media_watcher_) return;
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track = receiver_->track();
  if (!track) return;
  media_watcher_ = std::make_unique<MediaWatcher>(link_, ++watch_generation_);
  if (track->kind() == webrtc::MediaStreamTrackInterface::kVideoKind) {
    static_cast<webrtc::VideoTrackInterface*>(track.get())->AddOrUpdateSink(media_watcher_.get(), rtc::VideoSinkWants());
  } else {
    static_cast<webrtc::AudioTrackInterface*>(track.get())->AddSink(media_watcher_.get());
  }
}

void RtpReceiver::StopWatchingForMedia(const Napi::CallbackInfo&) { StopWatching(); }

void RtpReceiver::StopWatching() {
  if (!media_watcher_) return;
  if (receiver_) {
    // Both removals are synchronous: no callback reaches the watcher after they return.
    rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track = receiver_->track();
    if (track && track->kind() == webrtc::MediaStreamTrackInterface::kVideoKind) {
      static_cast<webrtc::VideoTrackInterface*>(track.get())->RemoveSink(media_watcher_.get());
    } else if (track) {
      static_cast<webrtc::AudioTrackInterface*>(track.get())->RemoveSink(media_watcher_.get());
    }
  }
  media_watcher_.reset();
}

}  // namespace nlw
