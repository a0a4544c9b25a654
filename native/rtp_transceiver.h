// RTCRtpTransceiver's native half. Its state is mirrored in lib/ from snapshots taken when descriptions
// are applied; this wrapper carries the verbs.
#pragma once

#include <napi.h>

#include <optional>
#include <string>
#include <vector>

#include "addon_data.h"
#include "api/rtp_transceiver_interface.h"

namespace nlw {

class Shard;

// A transceiver's state, captured on the signaling thread.
struct TransceiverState {
  rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver;
  std::string kind;
  std::optional<std::string> mid;
  std::string direction;
  std::optional<std::string> current_direction;
  // webrtc-pc [[FiredDirection]]: set by every remote description and a local answer; a track is added
  // or removed when it gains or loses recv (at setRemoteDescription(offer) already, unlike currentDirection).
  std::optional<std::string> fired_direction;
  bool stopped = false;
  bool stopping = false;
  std::vector<std::string> remote_stream_ids;  // the receiver's associated remote streams (a=msid)
  static TransceiverState Capture(rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver);
  Napi::Object ToJS(Napi::Env env, Shard* shard) const;  // includes the (identity) wrapper
};

class RtpTransceiver : public Napi::ObjectWrap<RtpTransceiver>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver,
                                  Shard* shard);
  explicit RtpTransceiver(const Napi::CallbackInfo& info);
  ~RtpTransceiver() override;
  void ReleaseEngineRefs() override;

 private:
  Napi::Value State(const Napi::CallbackInfo& info);
  Napi::Value SetDirection(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value SetCodecPreferences(const Napi::CallbackInfo& info);
  // webrtc-extensions' header extension control: [{uri, direction}] and the negotiated URIs.
  Napi::Value HeaderExtensionsToNegotiate(const Napi::CallbackInfo& info);
  Napi::Value SetHeaderExtensionsToNegotiate(const Napi::CallbackInfo& info);
  Napi::Value NegotiatedHeaderExtensions(const Napi::CallbackInfo& info);
  Napi::Value Sender(const Napi::CallbackInfo& info);
  Napi::Value Receiver(const Napi::CallbackInfo& info);

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver_;
};

std::optional<webrtc::RtpTransceiverDirection> ParseDirection(const std::string& name);
const char* DirectionName(webrtc::RtpTransceiverDirection direction);

}  // namespace nlw
