// Conversions between JS values (already validated by lib/) and libwebrtc types, one place per type.
#pragma once

#include <napi.h>

#include <cstring>
#include <optional>
#include <string>

#include "api/jsep.h"
#include "api/peer_connection_interface.h"
#include "api/priority.h"
#include "network.h"

namespace nlw {

// RTCPriorityType <-> libwebrtc's Priority (senders' encodings, data channels).
const char* PriorityName(webrtc::Priority priority);
std::optional<webrtc::Priority> ParsePriority(const std::string& name);

// The bytes a TypedArray or DataView looks at, whatever buffer backs it (also a SharedArrayBuffer, which
// Napi's ArrayBuffer() cannot return). Empty span (data null) when `value` is neither.
struct ByteView {
  uint8_t* data = nullptr;
  size_t size = 0;
};
ByteView ViewBytes(const Napi::Value& value);

// A new ArrayBuffer of `size` bytes, all of which `fill(uint8_t*)` writes. From 16 KiB on it is allocated as
// a Node Buffer, whose memory is not zeroed first (an ArrayBuffer's is); below, the Buffer's extra object
// costs more than the zeroing saves.
template <typename Fill>
Napi::ArrayBuffer NewFilledArrayBuffer(Napi::Env env, size_t size, Fill&& fill) {
  if (size < 16 * 1024) {
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, size);
    if (size) fill(static_cast<uint8_t*>(buffer.Data()));
    return buffer;
  }
  auto buffer = Napi::Buffer<uint8_t>::New(env, size);
  fill(buffer.Data());
  return buffer.ArrayBuffer();  // a Buffer this large owns its whole ArrayBuffer (offset 0)
}
inline Napi::ArrayBuffer CopyToArrayBuffer(Napi::Env env, const void* data, size_t size) {
  return NewFilledArrayBuffer(env, size, [&](uint8_t* out) { memcpy(out, data, size); });
}

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
