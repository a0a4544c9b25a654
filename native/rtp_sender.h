// RTCRtpSender's native half. Lives on its connection's shard; tracks handed to it are bridged there.
#pragma once

#include <napi.h>

#include <map>
#include <string>

#include "addon_data.h"
#include "api/rtp_sender_interface.h"

namespace nlw {

class Shard;
class EncodedTransform;
class TransformRouter;

class RtpSender : public Napi::ObjectWrap<RtpSender>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::RtpSenderInterface> sender, Shard* shard);
  static RtpSender* FromValue(Napi::Value value);
  explicit RtpSender(const Napi::CallbackInfo& info);
  ~RtpSender() override;
  void ReleaseEngineRefs() override;
  const rtc::scoped_refptr<webrtc::RtpSenderInterface>& sender() const { return sender_; }

 private:
  static Napi::Value GetCapabilities(const Napi::CallbackInfo& info);
  Napi::Value ReplaceTrack(const Napi::CallbackInfo& info);
  Napi::Value GetParameters(const Napi::CallbackInfo& info);
  Napi::Value SetParameters(const Napi::CallbackInfo& info);
  Napi::Value Transport(const Napi::CallbackInfo& info);
  Napi::Value Dtmf(const Napi::CallbackInfo& info);
  Napi::Value SetStreams(const Napi::CallbackInfo& info);
  Napi::Value StreamIds(const Napi::CallbackInfo& info);
  Napi::Value Ssrcs(const Napi::CallbackInfo& info);
  Napi::Value Kind(const Napi::CallbackInfo& info);
  Napi::Value SetTransform(const Napi::CallbackInfo& info);
  void SetPayloadTypes(const Napi::CallbackInfo& info);

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::RtpSenderInterface> sender_;
  rtc::scoped_refptr<TransformRouter> transform_router_;  // from the first transform set on this sender
  rtc::scoped_refptr<EncodedTransform> transform_target_;  // the transform set now, if any
  std::map<int, std::string> mime_types_;  // negotiated codecs by payload type, for the router
};

}  // namespace nlw
