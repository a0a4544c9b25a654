// A V4L2 camera behind getUserMedia: the engine's capture module feeds a video source and its tracks.
#pragma once

#include <napi.h>

#include "addon_data.h"
#include "api/video/video_frame.h"
#include "api/video/video_sink_interface.h"
#include "modules/video_capture/video_capture.h"
#include "video_source.h"

namespace nlw {

class CameraCapture : public Napi::ObjectWrap<CameraCapture>,
                      public EngineObject,
                      public rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // new CameraCapture(deviceId, { width, height, frameRate, outputWidth, outputHeight })
  explicit CameraCapture(const Napi::CallbackInfo& info);
  ~CameraCapture() override;
  void ReleaseEngineRefs() override;
  void OnFrame(const webrtc::VideoFrame& frame) override;  // the capture thread

 private:
  Napi::Value CreateTrack(const Napi::CallbackInfo& info);
  Napi::Value Configure(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value FrameCounts(const Napi::CallbackInfo& info);
  void Start(Napi::Env env, const Napi::Object& format);

  rtc::scoped_refptr<webrtc::VideoCaptureModule> module_;
  rtc::scoped_refptr<PushedVideoTrackSource> source_;
};

}  // namespace nlw
