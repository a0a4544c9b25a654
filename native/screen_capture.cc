#include "screen_capture.h"

#include <cmath>

#include "api/video/i420_buffer.h"
#include "convert.h"
#include "engine.h"
#include "errors.h"
#include "libyuv/convert.h"
#include "media_stream_track.h"
#include "modules/desktop_capture/desktop_capture_options.h"
#include "modules/desktop_capture/desktop_frame.h"
#include "rtc_base/helpers.h"
#include "rtc_base/time_utils.h"

namespace nlw {

void ScreenCapture::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "ScreenCapture",
                                    {
                                        InstanceMethod<&ScreenCapture::CreateTrack>("createTrack"),
                                        InstanceMethod<&ScreenCapture::Settings>("settings"),
                                        InstanceMethod<&ScreenCapture::Configure>("configure"),
                                        InstanceMethod<&ScreenCapture::Stop>("stop"),
                                        InstanceMethod<&ScreenCapture::FrameCounts>("frameCounts"),
                                    });
  exports.Set("ScreenCapture", ctor);
}

ScreenCapture::ScreenCapture(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<ScreenCapture>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {
  Napi::Env env = info.Env();
  ReadOptions(info[0].IsObject() ? info[0].As<Napi::Object>() : Napi::Object::New(env));
  source_ = rtc::make_ref_counted<PushedVideoTrackSource>(true, false);
  thread_ = rtc::Thread::Create();
  thread_->SetName("nlw-screen", nullptr);
  thread_->Start();
  std::string failure = thread_->BlockingCall([this]() -> std::string {
    webrtc::DesktopCaptureOptions capture_options = webrtc::DesktopCaptureOptions::CreateDefault();
    if (!capture_options.x_display()) return "no X display to capture (is DISPLAY set?)";
    capturer_ = webrtc::DesktopCapturer::CreateScreenCapturer(capture_options);
    if (!capturer_) return "the screen cannot be captured";
    capturer_->Start(this);
    running_ = true;
    CaptureNext();
    return "";
  });
  if (!failure.empty()) {
    thread_->Stop();
    ThrowError(env, "NotReadableError", failure);
  }
}

void ScreenCapture::ReadOptions(const Napi::Object& options) {
  double frame_rate = GetNumber(options, "frameRate").value_or(30);
  frame_interval_ms_ = std::max(1, static_cast<int>(std::lround(1000.0 / std::max(0.1, frame_rate))));
  max_width_ = std::max(0, static_cast<int>(GetNumber(options, "maxWidth").value_or(0)));
  max_height_ = std::max(0, static_cast<int>(GetNumber(options, "maxHeight").value_or(0)));
}

ScreenCapture::~ScreenCapture() { ReleaseEngineRefs(); }

void ScreenCapture::ReleaseEngineRefs() {
  if (thread_) {
    running_ = false;
    thread_->BlockingCall([this] { capturer_.reset(); });
    thread_->Stop();
    thread_.reset();
  }
  source_ = nullptr;
}

void ScreenCapture::CaptureNext() {
  if (!running_ || !capturer_) return;
  capturer_->CaptureFrame();  // calls OnCaptureResult synchronously
  thread_->PostDelayedTask([this] { CaptureNext(); }, webrtc::TimeDelta::Millis(frame_interval_ms_.load()));
}

void ScreenCapture::OnCaptureResult(webrtc::DesktopCapturer::Result result, std::unique_ptr<webrtc::DesktopFrame> frame) {
  if (result != webrtc::DesktopCapturer::Result::SUCCESS || !frame || !source_) return;
  int width = frame->size().width();
  int height = frame->size().height();
  if (width < 2 || height < 2) return;
  auto buffer = webrtc::I420Buffer::Create(width, height);
  // DesktopFrame is 32-bit BGRA in memory, which libyuv calls ARGB.
  libyuv::ARGBToI420(frame->data(), frame->stride(), buffer->MutableDataY(), buffer->StrideY(), buffer->MutableDataU(),
                     buffer->StrideU(), buffer->MutableDataV(), buffer->StrideV(), width, height);
  screen_width_ = width;
  screen_height_ = height;
  int out_width = width;
  int out_height = height;
  // Fit within the requested bounds, keeping the aspect ratio (what Chrome does for display capture); a
  // bound is met exactly (rounded, not truncated: 1280 * (161 / 1280.0) may be 160.99).
  int max_width = max_width_;
  int max_height = max_height_;
  double scale = 1;
  if (max_width > 0) scale = std::min(scale, static_cast<double>(max_width) / width);
  if (max_height > 0) scale = std::min(scale, static_cast<double>(max_height) / height);
  if (scale < 1) {
    out_width = std::max(1, static_cast<int>(std::lround(width * scale)));
    out_height = std::max(1, static_cast<int>(std::lround(height * scale)));
    if (max_width > 0) out_width = std::min(out_width, max_width);
    if (max_height > 0) out_height = std::min(out_height, max_height);
  }
  width_ = out_width;
  height_ = out_height;
  source_->SetOutputSize(out_width, out_height);
  source_->Push(buffer, webrtc::kVideoRotation_0, rtc::TimeMicros());
}

Napi::Value ScreenCapture::CreateTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!source_) ThrowError(env, "InvalidStateError", "The screen capture was stopped");
  Shard& shard = AddonData::Get(env)->engine().DefaultShard();
  return MediaStreamTrack::NewInstance(env, shard.factory()->CreateVideoTrack(rtc::CreateRandomUuid(), source_.get()),
                                       &shard, false);
}

Napi::Value ScreenCapture::Settings(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object settings = Napi::Object::New(env);
  settings.Set("width", width_.load());
  settings.Set("height", height_.load());
  settings.Set("frameRate", 1000.0 / frame_interval_ms_.load());
  settings.Set("screenWidth", screen_width_.load());
  settings.Set("screenHeight", screen_height_.load());
  return settings;
}

Napi::Value ScreenCapture::Configure(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) ThrowTypeError(env, "ScreenCapture.configure: expected an options object");
  ReadOptions(info[0].As<Napi::Object>());
  return env.Undefined();
}

Napi::Value ScreenCapture::Stop(const Napi::CallbackInfo& info) {
  ReleaseEngineRefs();
  return info.Env().Undefined();
}

Napi::Value ScreenCapture::FrameCounts(const Napi::CallbackInfo& info) { return FrameCountsToJS(info.Env(), source_.get()); }

}  // namespace nlw
