#include "screen_capture.h"

#include <cmath>
#include <mutex>
#include <set>

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

// Last: Xlib's macros (None, Bool, Status...) must not reach the engine's headers.
#include <X11/Xlib.h>

namespace nlw {

namespace {

// Xlib's I/O error handler is per process, and its default ends the process. Displays being captured are
// left to their exit handler (OnDisplayLost); any other display keeps the handler that was there before
// (Xlib's, or an embedder's such as Electron's).
std::mutex capture_displays_mutex;
std::set<Display*>& CaptureDisplays() {
  static auto* displays = new std::set<Display*>();  // never destroyed: Xlib may call in during exit
  return *displays;
}
XIOErrorHandler previous_io_error_handler = nullptr;

int OnXIOError(Display* display) {
  {
    std::lock_guard<std::mutex> lock(capture_displays_mutex);
    if (CaptureDisplays().count(display)) return 0;
  }
  return previous_io_error_handler ? previous_io_error_handler(display) : 0;
}

void WatchDisplay(Display* display, XIOErrorExitHandler on_lost, void* user_data) {
  static std::once_flag installed;
  std::call_once(installed, [] { previous_io_error_handler = XSetIOErrorHandler(&OnXIOError); });
  std::lock_guard<std::mutex> lock(capture_displays_mutex);
  CaptureDisplays().insert(display);
  XSetIOErrorExitHandler(display, on_lost, user_data);
}

void UnwatchDisplay(Display* display) {
  std::lock_guard<std::mutex> lock(capture_displays_mutex);
  CaptureDisplays().erase(display);
}

}  // namespace

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
  shard_ = &AddonData::Get(env)->engine().DefaultShard();
  thread_ = rtc::Thread::Create();
  thread_->SetName("nlw-screen", nullptr);
  thread_->Start();
  std::string failure = thread_->BlockingCall([this]() -> std::string {
    webrtc::DesktopCaptureOptions capture_options = webrtc::DesktopCaptureOptions::CreateDefault();
    if (!capture_options.x_display()) return "no X display to capture (is DISPLAY set?)";
    capturer_ = webrtc::DesktopCapturer::CreateScreenCapturer(capture_options);
    if (!capturer_) return "the screen cannot be captured";
    // Xlib's default ends the process when the X server goes away; the capture ends its tracks instead.
    display_ = capture_options.x_display()->display();
    WatchDisplay(display_, &ScreenCapture::OnDisplayLost, this);
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
    thread_->BlockingCall([this] {
      capturer_.reset();
      if (display_) UnwatchDisplay(display_);
      display_ = nullptr;
    });
    thread_->Stop();
    thread_.reset();
  }
  source_ = nullptr;
}

void ScreenCapture::CaptureNext() {
  if (!running_ || !capturer_) return;
  capturer_->CaptureFrame();  // calls OnCaptureResult synchronously
  if (capture_failed_) {
    EndCapture();
    return;
  }
  thread_->PostDelayedTask([this] { CaptureNext(); }, webrtc::TimeDelta::Millis(frame_interval_ms_.load()));
}

void ScreenCapture::OnDisplayLost(Display* display, void* self) {
  // Returning lets Xlib fail this call and every later one on the display; the process goes on.
  static_cast<ScreenCapture*>(self)->capture_failed_ = true;
}

void ScreenCapture::EndCapture() {
  running_ = false;
  capturer_.reset();  // closes the display
  if (display_) UnwatchDisplay(display_);
  display_ = nullptr;
  if (source_) shard_->signaling_thread()->PostTask([source = source_] { source->End(); });
}

void ScreenCapture::OnCaptureResult(webrtc::DesktopCapturer::Result result, std::unique_ptr<webrtc::DesktopFrame> frame) {
  if (result == webrtc::DesktopCapturer::Result::ERROR_PERMANENT) capture_failed_ = true;
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
