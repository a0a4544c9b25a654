#include "video_sink.h"

#include "convert.h"
#include "drop_oldest_queue.h"
#include "errors.h"
#include "i420.h"
#include "media_stream_track.h"

namespace nlw {

namespace {
constexpr size_t kMaxQueuedFrames = 3;
}

class VideoSink::Receiver : public rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  explicit Receiver(std::shared_ptr<Link<VideoSink>> link) : link_(std::move(link)) {}

  void OnFrame(const webrtc::VideoFrame& frame) override {
    rtc::scoped_refptr<webrtc::I420BufferInterface> buffer = frame.video_frame_buffer()->ToI420();
    if (!buffer) {
      queue_.CountDropped();  // a frame the buffer could not convert: lost, so counted
      return;
    }
    if (queue_.Push(Queued{buffer, frame.rotation()})) {
      Link<VideoSink>::Post(link_, [](Napi::Env env, VideoSink& sink) { sink.Flush(env); });
    }
  }

  struct Queued {
    rtc::scoped_refptr<webrtc::I420BufferInterface> buffer;
    webrtc::VideoRotation rotation;
  };
  std::deque<Queued> Take() { return queue_.Take(); }
  uint64_t dropped() const { return queue_.dropped(); }

 private:
  std::shared_ptr<Link<VideoSink>> link_;
  DropOldestQueue<Queued> queue_{kMaxQueuedFrames};
};

void VideoSink::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "RTCVideoSink",
                                    {
                                        InstanceMethod<&VideoSink::Stop>("stop"),
                                        InstanceMethod<&VideoSink::Dropped>("dropped"),
                                    });
  exports.Set("VideoSink", ctor);
}

VideoSink::VideoSink(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<VideoSink>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {
  Napi::Env env = info.Env();
  MediaStreamTrack* track = MediaStreamTrack::FromValue(info[0]);
  if (!track || track->kind() != "video" || !track->track()) {
    ThrowTypeError(env, "RTCVideoSink: expected a video MediaStreamTrack");
  }
  track_ = rtc::scoped_refptr<webrtc::VideoTrackInterface>(static_cast<webrtc::VideoTrackInterface*>(track->track()));
  link_ = std::make_shared<Link<VideoSink>>(AddonData::Get(env)->funnel);
  link_->target = this;
  receiver_ = std::make_unique<Receiver>(link_);
  track_->AddOrUpdateSink(receiver_.get(), rtc::VideoSinkWants());
}

VideoSink::~VideoSink() { ReleaseEngineRefs(); }

void VideoSink::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (track_) {
    track_->RemoveSink(receiver_.get());  // synchronous: no frame is delivered after it returns
    track_ = nullptr;
  }
  receiver_.reset();
}

Napi::Value VideoSink::Stop(const Napi::CallbackInfo& info) {
  ReleaseEngineRefs();
  return info.Env().Undefined();
}

Napi::Value VideoSink::Dropped(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), receiver_ ? static_cast<double>(receiver_->dropped()) : 0);
}

// JS thread: every queued frame, oldest first, as onframe(width, height, rotation, ArrayBuffer of I420).
void VideoSink::Flush(Napi::Env env) {
  if (!receiver_) return;
  // The handle keeps this wrapper alive through the handlers and the microtasks between them.
  Napi::HandleScope outer(env);
  Napi::Object self = Value();
  bool first = true;
  for (auto& queued : receiver_->Take()) {
    // Each frame is its own task, as each of @roamhq/wrtc's callbacks is: promises a handler settled run
    // before the next frame.
    if (!first) link_->funnel->Checkpoint();
    first = false;
    if (!link_->target) break;
    Napi::HandleScope scope(env);
    const auto& buffer = *queued.buffer;
    Napi::ArrayBuffer data = NewFilledArrayBuffer(env, I420Size(buffer.width(), buffer.height()),
                                                  [&](uint8_t* out) { CopyPacked(buffer, out); });
    CallHandler(self, "onframe",
                {Napi::Number::New(env, buffer.width()), Napi::Number::New(env, buffer.height()),
                 Napi::Number::New(env, static_cast<int>(queued.rotation)), data});
  }
}

}  // namespace nlw
