#include "camera_capture.h"

#include "convert.h"
#include "engine.h"
#include "errors.h"
#include "media_stream_track.h"
#include "modules/video_capture/video_capture_factory.h"
#include "rtc_base/helpers.h"
#include "rtc_base/time_utils.h"

namespace nlw {

void CameraCapture::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "CameraCapture",
                                    {
                                        InstanceMethod<&CameraCapture::CreateTrack>("createTrack"),
                                        InstanceMethod<&CameraCapture::Configure>("configure"),
                                        InstanceMethod<&CameraCapture::Stop>("stop"),
                                        InstanceMethod<&CameraCapture::FrameCounts>("frameCounts"),
                                    });
  exports.Set("CameraCapture", ctor);
}

CameraCapture::CameraCapture(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<CameraCapture>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {
  Napi::Env env = info.Env();
  std::string device_id = info[0].As<Napi::String>().Utf8Value();
  module_ = webrtc::VideoCaptureFactory::Create(device_id.c_str());
  if (!module_) ThrowError(env, "NotFoundError", "No camera '" + device_id + "'");
  source_ = rtc::make_ref_counted<PushedVideoTrackSource>(false, absl::nullopt);
  module_->RegisterCaptureDataCallback(this);
  Start(env, info[1].As<Napi::Object>());
}

CameraCapture::~CameraCapture() { ReleaseEngineRefs(); }

void CameraCapture::ReleaseEngineRefs() {
  if (module_) {
    module_->StopCapture();  // joins the capture thread: no frame is delivered after it
    module_->DeRegisterCaptureDataCallback();
    module_ = nullptr;
  }
  source_ = nullptr;
}

void CameraCapture::Start(Napi::Env env, const Napi::Object& format) {
  webrtc::VideoCaptureCapability capability;
  capability.width = static_cast<int32_t>(GetNumber(format, "width").value_or(640));
  capability.height = static_cast<int32_t>(GetNumber(format, "height").value_or(480));
  capability.maxFPS = static_cast<int32_t>(GetNumber(format, "frameRate").value_or(30));
  capability.videoType = webrtc::VideoType::kI420;
  source_->SetOutputSize(static_cast<int>(GetNumber(format, "outputWidth").value_or(0)),
                         static_cast<int>(GetNumber(format, "outputHeight").value_or(0)));
  if (module_->StartCapture(capability) != 0) {
    ThrowError(env, "NotReadableError", "The camera could not start (in use by another process, or unplugged)");
  }
}

void CameraCapture::OnFrame(const webrtc::VideoFrame& frame) {
  auto source = source_;
  if (!source) return;
  auto buffer = frame.video_frame_buffer()->ToI420();
  if (buffer) source->Push(buffer, frame.rotation(), rtc::TimeMicros());
}

Napi::Value CameraCapture::CreateTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!source_) ThrowError(env, "InvalidStateError", "The camera was stopped");
  Shard& shard = AddonData::Get(env)->engine().DefaultShard();
  return MediaStreamTrack::NewInstance(env, shard.factory()->CreateVideoTrack(rtc::CreateRandomUuid(), source_.get()),
                                       &shard, false);
}

// configure(format): applyConstraints() on a live camera.
Napi::Value CameraCapture::Configure(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!module_) ThrowError(env, "InvalidStateError", "The camera was stopped");
  module_->StopCapture();
  Start(env, info[0].As<Napi::Object>());
  return env.Undefined();
}

Napi::Value CameraCapture::Stop(const Napi::CallbackInfo& info) {
  ReleaseEngineRefs();
  return info.Env().Undefined();
}

Napi::Value CameraCapture::FrameCounts(const Napi::CallbackInfo& info) { return FrameCountsToJS(info.Env(), source_.get()); }

}  // namespace nlw
