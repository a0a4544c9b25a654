// The X11 screen behind getDisplayMedia: the engine's desktop capturer, on its own thread, at a frame rate.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

#include "addon_data.h"
#include "modules/desktop_capture/desktop_capturer.h"
#include "rtc_base/thread.h"
#include "video_source.h"

typedef struct _XDisplay Display;  // Xlib's

namespace nlw {

class Shard;

class ScreenCapture : public Napi::ObjectWrap<ScreenCapture>, public EngineObject, public webrtc::DesktopCapturer::Callback {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // new ScreenCapture({ frameRate, maxWidth?, maxHeight? }): throws NotReadableError without a display.
  // configure({ frameRate, maxWidth?, maxHeight? }) changes them while capturing (applyConstraints).
  explicit ScreenCapture(const Napi::CallbackInfo& info);
  ~ScreenCapture() override;
  void ReleaseEngineRefs() override;
  void OnCaptureResult(webrtc::DesktopCapturer::Result result, std::unique_ptr<webrtc::DesktopFrame> frame) override;

 private:
  Napi::Value CreateTrack(const Napi::CallbackInfo& info);
  Napi::Value Settings(const Napi::CallbackInfo& info);
  Napi::Value Configure(const Napi::CallbackInfo& info);
  void ReadOptions(const Napi::Object& options);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value FrameCounts(const Napi::CallbackInfo& info);
  void CaptureNext();  // thread_
  // thread_: the display is gone (Xlib lost its connection) or the capturer failed for good: stop capturing
  // and end the tracks.
  void EndCapture();
  // Xlib calls this instead of exit() when the connection to the X server breaks (thread_, inside a capture).
  static void OnDisplayLost(Display* display, void* self);

  std::unique_ptr<rtc::Thread> thread_;
  Shard* shard_ = nullptr;  // whose signaling thread ends the tracks
  bool capture_failed_ = false;  // thread_ only
  Display* display_ = nullptr;   // thread_ only: the display captured, while capturer_ holds it open
  std::unique_ptr<webrtc::DesktopCapturer> capturer_;  // thread_ only
  rtc::scoped_refptr<PushedVideoTrackSource> source_;
  // Written on the JS thread, read on thread_.
  std::atomic<int> frame_interval_ms_{33};
  std::atomic<int> max_width_{0};
  std::atomic<int> max_height_{0};
  std::atomic<bool> running_{false};
  std::atomic<int> width_{0};   // the frames delivered
  std::atomic<int> height_{0};
  std::atomic<int> screen_width_{0};  // the screen captured
  std::atomic<int> screen_height_{0};
};

}  // namespace nlw
