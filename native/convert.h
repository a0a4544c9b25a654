// Conversions between JS values (already validated by lib/) and libwebrtc types, one place per type.
#pragma once

#include <napi.h>

#include <optional>
#include <string>

#include "api/jsep.h"
#include "api/peer_connection_interface.h"
#include "network.h"

namespace nlw {

// The bytes a TypedArray or DataView looks at, whatever buffer backs it (also a SharedArrayBuffer, which
// Napi's ArrayBuffer() cannot return). Empty span (data null) when `value` is neither.
struct ByteView {
  uint8_t* data = nullptr;
  size_t size = 0;
};
ByteView ViewBytes(const Napi::Value& value);

std::string GetString(const Napi::Object& object, const char* key, const std::string& fallback = {});
bool GetBool(const Napi::Object& object, const char* key, bool fallback);
std::optional<double> GetNumber(const Napi::Object& object, const char* key);

// RTCConfiguration (normalized by lib/) -> libwebrtc's; `base` carries what lib/ does not set.
void ToRTCConfiguration(const Napi::Object& js, webrtc::PeerConnectionInterface::RTCConfiguration* config);
NetworkPolicy ToNetworkPolicy(const Napi::Object& js);

const char* ToString(webrtc::PeerConnectionInterface::SignalingState state);
const char* ToString(webrtc::PeerConnectionInterface::IceGatheringState state);
const char* ToString(webrtc::PeerConnectionInterface::IceConnectionState state);
const char* ToString(webrtc::PeerConnectionInterface::PeerConnectionState state);
const char* ToString(webrtc::DataChannelInterface::DataState state);
std::optional<webrtc::SdpType> ToSdpType(const std::string& type);

// An SDP captured on the signaling thread.
struct Description {
  std::string type;
  std::string sdp;
};
std::optional<Description> Capture(const webrtc::SessionDescriptionInterface* description);
Napi::Value ToJS(Napi::Env env, const std::optional<Description>& description);

}  // namespace nlw
