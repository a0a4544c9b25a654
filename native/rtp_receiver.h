// RTCRtpReceiver's native half.
#pragma once

#include <napi.h>

#include <map>
#include <string>

#include "addon_data.h"
#include "api/rtp_receiver_interface.h"
#include "link.h"

namespace nlw {

class Shard;
class EncodedTransform;
class TransformRouter;

class RtpReceiver : public Napi::ObjectWrap<RtpReceiver>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver, Shard* shard);
  static RtpReceiver* FromValue(Napi::Value value);
  explicit RtpReceiver(const Napi::CallbackInfo& info);
  ~RtpReceiver() override;
  void ReleaseEngineRefs() override;
  const rtc::scoped_refptr<webrtc::RtpReceiverInterface>& receiver() const { return receiver_; }

 private:
  class Observer;
  class MediaWatcher;
  class FrameShape;
  static Napi::Value GetCapabilities(const Napi::CallbackInfo& info);
  Napi::Value Track(const Napi::CallbackInfo& info);
  Napi::Value GetParameters(const Napi::CallbackInfo& info);
  Napi::Value GetSources(const Napi::CallbackInfo& info);
  Napi::Value Transport(const Napi::CallbackInfo& info);
  Napi::Value StreamIds(const Napi::CallbackInfo& info);
  void SetJitterBufferTarget(const Napi::CallbackInfo& info);
  Napi::Value SetTransform(const Napi::CallbackInfo& info);
  void SetPayloadTypes(const Napi::CallbackInfo& info);
  void WatchForMedia(const Napi::CallbackInfo& info);
  void StopWatchingForMedia(const Napi::CallbackInfo& info);
  Napi::Value VideoSettings(const Napi::CallbackInfo& info);
  void StopWatching();

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver_;
  std::unique_ptr<Observer> observer_;
  std::unique_ptr<MediaWatcher> media_watcher_;
  std::unique_ptr<FrameShape> frame_shape_;  // video receivers: the latest frame's size and the frame rate
  uint64_t watch_generation_ = 0;
  std::shared_ptr<Link<RtpReceiver>> link_;
  rtc::scoped_refptr<TransformRouter> transform_router_;  // from the first transform set on this receiver
  std::map<int, std::string> mime_types_;  // negotiated codecs by payload type, for the router
  rtc::scoped_refptr<EncodedTransform> transform_target_;  // the transform set now, if any
};

}  // namespace nlw
