#include "convert.h"

#include <iterator>

#include "certificate.h"

namespace nlw {

const char* PriorityName(webrtc::Priority priority) {
  switch (priority) {
    case webrtc::Priority::kVeryLow: return "very-low";
    case webrtc::Priority::kLow: return "low";
    case webrtc::Priority::kMedium: return "medium";
    case webrtc::Priority::kHigh: return "high";
  }
  return "low";
}

std::optional<webrtc::Priority> ParsePriority(const std::string& name) {
  if (name == "very-low") return webrtc::Priority::kVeryLow;
  if (name == "low") return webrtc::Priority::kLow;
  if (name == "medium") return webrtc::Priority::kMedium;
  if (name == "high") return webrtc::Priority::kHigh;
  return std::nullopt;
}

ByteView ViewBytes(const Napi::Value& value) {
  ByteView view;
  napi_env env = value.Env();
  bool is = false;
  void* data = nullptr;
  if (napi_is_typedarray(env, value, &is) == napi_ok && is) {
    napi_typedarray_type type;
    size_t length = 0;
    if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) != napi_ok) return view;
    // napi_typedarray_type order: int8, uint8, uint8 clamped, int16, uint16, int32, uint32, float32, float64,
    // bigint64, biguint64, float16 (newer Node).
    static constexpr size_t kElementSize[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 2};
    size_t element = static_cast<size_t>(type) < std::size(kElementSize) ? kElementSize[type] : 1;
    view.data = static_cast<uint8_t*>(data);
    view.size = length * element;
  } else if (napi_is_dataview(env, value, &is) == napi_ok && is) {
    size_t length = 0;
    if (napi_get_dataview_info(env, value, &length, &data, nullptr, nullptr) != napi_ok) return view;
    view.data = static_cast<uint8_t*>(data);
    view.size = length;
  }
  return view;
}

std::string GetString(const Napi::Object& object, const char* key, const std::string& fallback) {
  Napi::Value value = object.Get(key);
  return value.IsString() ? value.As<Napi::String>().Utf8Value() : fallback;
}

bool GetBool(const Napi::Object& object, const char* key, bool fallback) {
  Napi::Value value = object.Get(key);
  return value.IsBoolean() ? value.As<Napi::Boolean>().Value() : fallback;
}

std::optional<double> GetNumber(const Napi::Object& object, const char* key) {
  Napi::Value value = object.Get(key);
  if (!value.IsNumber()) return std::nullopt;
  return value.As<Napi::Number>().DoubleValue();
}

void ToRTCConfiguration(const Napi::Object& js, webrtc::PeerConnectionInterface::RTCConfiguration* config) {
  using Config = webrtc::PeerConnectionInterface;
  config->sdp_semantics = webrtc::SdpSemantics::kUnifiedPlan;
  config->servers.clear();
  Napi::Value servers = js.Get("iceServers");
  if (servers.IsArray()) {
    Napi::Array list = servers.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) {
      Napi::Object entry = list.Get(i).As<Napi::Object>();
      Config::IceServer server;
      Napi::Array urls = entry.Get("urls").As<Napi::Array>();
      for (uint32_t j = 0; j < urls.Length(); ++j) server.urls.push_back(urls.Get(j).As<Napi::String>().Utf8Value());
      server.username = GetString(entry, "username");
      server.password = GetString(entry, "credential");
      config->servers.push_back(std::move(server));
    }
  }
  std::string policy = GetString(js, "iceTransportPolicy", "all");
  config->type = policy == "relay" ? Config::kRelay : Config::kAll;
  std::string bundle = GetString(js, "bundlePolicy", "balanced");
  config->bundle_policy = bundle == "max-bundle"   ? Config::kBundlePolicyMaxBundle
                          : bundle == "max-compat" ? Config::kBundlePolicyMaxCompat
                                                   : Config::kBundlePolicyBalanced;
  config->rtcp_mux_policy = Config::kRtcpMuxPolicyRequire;
  if (auto pool = GetNumber(js, "iceCandidatePoolSize")) config->ice_candidate_pool_size = static_cast<int>(*pool);
  Napi::Value certificates = js.Get("certificates");
  if (certificates.IsArray()) {
    config->certificates.clear();
    Napi::Array list = certificates.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) {
      if (Certificate* certificate = Certificate::FromValue(list.Get(i))) {
        config->certificates.push_back(certificate->certificate());
      }
    }
  }
  // Chrome's defaults for a browser peer.
  config->enable_implicit_rollback = true;  // perfect negotiation: setRemoteDescription(offer) in have-local-offer
  config->surface_ice_candidates_on_ice_transport_type_changed = true;
}

NetworkPolicy ToNetworkPolicy(const Napi::Object& js) {
  NetworkPolicy policy;
  policy.allow_loopback = GetBool(js, "iceAllowLoopback", false);
  Napi::Value interfaces = js.Get("iceInterfaces");
  if (interfaces.IsArray()) {
    Napi::Array list = interfaces.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) policy.interfaces.push_back(list.Get(i).As<Napi::String>().Utf8Value());
  }
  Napi::Value range = js.Get("portRange");
  if (range.IsObject()) {  // lib/ checked it: 0 <= min <= max <= 65535
    policy.min_port = static_cast<int>(GetNumber(range.As<Napi::Object>(), "min").value_or(1));
    policy.max_port = static_cast<int>(GetNumber(range.As<Napi::Object>(), "max").value_or(65535));
  }
  return policy;
}

const char* ToString(webrtc::PeerConnectionInterface::SignalingState state) {
  using S = webrtc::PeerConnectionInterface::SignalingState;
  switch (state) {
    case S::kStable: return "stable";
    case S::kHaveLocalOffer: return "have-local-offer";
    case S::kHaveLocalPrAnswer: return "have-local-pranswer";
    case S::kHaveRemoteOffer: return "have-remote-offer";
    case S::kHaveRemotePrAnswer: return "have-remote-pranswer";
    case S::kClosed: return "closed";
  }
  return "closed";
}

const char* ToString(webrtc::PeerConnectionInterface::IceGatheringState state) {
  using S = webrtc::PeerConnectionInterface::IceGatheringState;
  switch (state) {
    case S::kIceGatheringNew: return "new";
    case S::kIceGatheringGathering: return "gathering";
    case S::kIceGatheringComplete: return "complete";
  }
  return "new";
}

const char* ToString(webrtc::PeerConnectionInterface::IceConnectionState state) {
  using S = webrtc::PeerConnectionInterface::IceConnectionState;
  switch (state) {
    case S::kIceConnectionNew: return "new";
    case S::kIceConnectionChecking: return "checking";
    case S::kIceConnectionConnected: return "connected";
    case S::kIceConnectionCompleted: return "completed";
    case S::kIceConnectionFailed: return "failed";
    case S::kIceConnectionDisconnected: return "disconnected";
    case S::kIceConnectionClosed: return "closed";
    default: return "new";
  }
}

const char* ToString(webrtc::PeerConnectionInterface::PeerConnectionState state) {
  using S = webrtc::PeerConnectionInterface::PeerConnectionState;
  switch (state) {
    case S::kNew: return "new";
    case S::kConnecting: return "connecting";
    case S::kConnected: return "connected";
    case S::kDisconnected: return "disconnected";
    case S::kFailed: return "failed";
    case S::kClosed: return "closed";
  }
  return "new";
}

const char* ToString(webrtc::DataChannelInterface::DataState state) {
  return webrtc::DataChannelInterface::DataStateString(state);
}

std::optional<webrtc::SdpType> ToSdpType(const std::string& type) {
  if (type == "offer") return webrtc::SdpType::kOffer;
  if (type == "answer") return webrtc::SdpType::kAnswer;
  if (type == "pranswer") return webrtc::SdpType::kPrAnswer;
  if (type == "rollback") return webrtc::SdpType::kRollback;
  return std::nullopt;
}

std::optional<Description> Capture(const webrtc::SessionDescriptionInterface* description) {
  if (!description) return std::nullopt;
  Description captured;
  captured.type = webrtc::SdpTypeToString(description->GetType());
  description->ToString(&captured.sdp);
  return captured;
}

Napi::Value ToJS(Napi::Env env, const std::optional<Description>& description) {
  if (!description) return env.Null();
  Napi::Object object = Napi::Object::New(env);
  object.Set("type", description->type);
  object.Set("sdp", description->sdp);
  return object;
}

}  // namespace nlw
