#include "video_source.h"

#include "api/video/video_frame.h"
#include "engine.h"
#include "errors.h"
#include "i420.h"
#include "media_stream_track.h"
#include "rtc_base/helpers.h"
#include "rtc_base/time_utils.h"

namespace nlw {

PushedVideoTrackSource::~PushedVideoTrackSource() {
  if (counter_) static_cast<rtc::VideoSourceInterface<webrtc::VideoFrame>*>(this)->RemoveSink(counter_.get());
}

const FrameCounter& PushedVideoTrackSource::CountFrames() {
  if (!counter_) {
    counter_ = std::make_unique<FrameCounter>();
    // Default wants: the counter asks for no size or rate, so it changes nothing for the other sinks.
    static_cast<rtc::VideoSourceInterface<webrtc::VideoFrame>*>(this)->AddOrUpdateSink(counter_.get(),
                                                                                       rtc::VideoSinkWants());
  }
  return *counter_;
}

Napi::Value FrameCountsToJS(Napi::Env env, PushedVideoTrackSource* source) {
  if (!source) return env.Null();
  const FrameCounter& counter = source->CountFrames();
  Napi::Object counts = Napi::Object::New(env);
  counts.Set("delivered", static_cast<double>(counter.delivered()));
  counts.Set("discarded", static_cast<double>(counter.discarded()));
  return counts;
}

void PushedVideoTrackSource::End() {
  if (state_.exchange(kEnded) != kEnded) FireOnChanged();
}

void PushedVideoTrackSource::Push(rtc::scoped_refptr<webrtc::I420BufferInterface> buffer,
                                  webrtc::VideoRotation rotation, int64_t time_us) {
  int out_width = output_width_;
  int out_height = output_height_;
  if (out_width > 0 && out_height > 0 && (out_width != buffer->width() || out_height != buffer->height())) {
    // Centre crop to the requested aspect ratio, then scale.
    int crop_w = buffer->width();
    int crop_h = buffer->height();
    if (static_cast<int64_t>(crop_w) * out_height > static_cast<int64_t>(crop_h) * out_width) {
      crop_w = static_cast<int>(static_cast<int64_t>(crop_h) * out_width / out_height);
    } else {
      crop_h = static_cast<int>(static_cast<int64_t>(crop_w) * out_height / out_width);
    }
    auto scaled = webrtc::I420Buffer::Create(out_width, out_height);
    scaled->CropAndScaleFrom(*buffer, (buffer->width() - crop_w) / 2, (buffer->height() - crop_h) / 2, crop_w, crop_h);
    buffer = scaled;
  }
  int adapted_width, adapted_height, crop_width, crop_height, crop_x, crop_y;
  if (!AdaptFrame(buffer->width(), buffer->height(), time_us, &adapted_width, &adapted_height, &crop_width,
                  &crop_height, &crop_x, &crop_y)) {
    return;  // no sink wants it now, or the adapter drops it to hold the requested frame rate
  }
  if (adapted_width != buffer->width() || adapted_height != buffer->height()) {
    auto scaled = webrtc::I420Buffer::Create(adapted_width, adapted_height);
    scaled->CropAndScaleFrom(*buffer, crop_x, crop_y, crop_width, crop_height);
    buffer = scaled;
  }
  OnFrame(webrtc::VideoFrame::Builder()
              .set_video_frame_buffer(buffer)
              .set_rotation(rotation)
              .set_timestamp_us(time_us)
              .build());
}

void VideoSource::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "RTCVideoSource",
                                    {
                                        InstanceMethod<&VideoSource::CreateTrack>("createTrack"),
                                        InstanceMethod<&VideoSource::OnFrame>("onFrame"),
                                        InstanceMethod<&VideoSource::FrameCounts>("frameCounts"),
                                    });
  AddonData::Get(env)->constructors["VideoSource"] = Napi::Persistent(ctor);
  exports.Set("VideoSource", ctor);
}

VideoSource::VideoSource(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<VideoSource>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {
  bool screencast = false;
  absl::optional<bool> denoising;
  if (info[0].IsObject()) {
    Napi::Object options = info[0].As<Napi::Object>();
    screencast = options.Get("isScreencast").ToBoolean().Value();
    Napi::Value needs = options.Get("needsDenoising");
    if (needs.IsBoolean()) denoising = needs.As<Napi::Boolean>().Value();
  }
  source_ = rtc::make_ref_counted<PushedVideoTrackSource>(screencast, denoising);
}

VideoSource::~VideoSource() { ReleaseEngineRefs(); }

void VideoSource::ReleaseEngineRefs() { source_ = nullptr; }

Napi::Value VideoSource::CreateTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!source_) ThrowError(env, "InvalidStateError", "The RTCVideoSource was released");
  Shard& shard = AddonData::Get(env)->engine().DefaultShard();
  auto track = shard.factory()->CreateVideoTrack(rtc::CreateRandomUuid(), source_.get());
  return MediaStreamTrack::NewInstance(env, track, &shard, false);
}

// onFrame({ width, height, data: I420, rotation? })
Napi::Value VideoSource::OnFrame(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  FrameFields fields = ReadFrameFields(env, info[0], "RTCVideoSource.onFrame");
  int rotation = 0;
  Napi::Value r = info[0].As<Napi::Object>().Get("rotation");
  if (r.IsNumber()) {
    rotation = r.As<Napi::Number>().Int32Value();
  } else if (!r.IsUndefined() && !r.IsNull()) {
    rotation = -1;  // a string or object would otherwise pass as 0 unnoticed
  }
  if (rotation != 0 && rotation != 90 && rotation != 180 && rotation != 270) {
    ThrowTypeError(env, "RTCVideoSource.onFrame: rotation must be 0, 90, 180 or 270");
  }
  FrameView frame = ViewFrame(env, fields, "RTCVideoSource.onFrame", 0);
  if (!source_) return env.Undefined();
  source_->Push(ToI420Buffer(frame), static_cast<webrtc::VideoRotation>(rotation), rtc::TimeMicros());
  return env.Undefined();
}

Napi::Value VideoSource::FrameCounts(const Napi::CallbackInfo& info) { return FrameCountsToJS(info.Env(), source_.get()); }

}  // namespace nlw
