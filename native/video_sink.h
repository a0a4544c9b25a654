// nonstandard.RTCVideoSink: decoded (or local) frames of a video track, delivered to JS as packed I420.
// Frames wait in a small queue between the decode thread and JS; a slow consumer loses the oldest ones
// (counted), so it can never stall libwebrtc or grow memory.
#pragma once

#include <napi.h>

#include <deque>
#include <memory>

#include "addon_data.h"
#include "api/media_stream_interface.h"
#include "api/video/video_frame.h"
#include "link.h"

namespace nlw {

class VideoSink : public Napi::ObjectWrap<VideoSink>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit VideoSink(const Napi::CallbackInfo& info);  // (nativeTrack)
  ~VideoSink() override;
  void ReleaseEngineRefs() override;
  void Flush(Napi::Env env);

 private:
  class Receiver;
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Dropped(const Napi::CallbackInfo& info);

  rtc::scoped_refptr<webrtc::VideoTrackInterface> track_;
  std::unique_ptr<Receiver> receiver_;
  std::shared_ptr<Link<VideoSink>> link_;
};

}  // namespace nlw
