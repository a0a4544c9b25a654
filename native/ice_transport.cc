#include "ice_transport.h"

#include <atomic>

#include <optional>

#include "engine.h"
#include "p2p/base/connection.h"
#include "p2p/base/ice_transport_internal.h"
#include "pc/webrtc_sdp.h"
#include "rtc_base/third_party/sigslot/sigslot.h"

namespace nlw {

namespace {

const char* ToString(webrtc::IceTransportState state) {
  switch (state) {
    case webrtc::IceTransportState::kNew: return "new";
    case webrtc::IceTransportState::kChecking: return "checking";
    case webrtc::IceTransportState::kConnected: return "connected";
    case webrtc::IceTransportState::kCompleted: return "completed";
    case webrtc::IceTransportState::kFailed: return "failed";
    case webrtc::IceTransportState::kDisconnected: return "disconnected";
    case webrtc::IceTransportState::kClosed: return "closed";
  }
  return "new";
}

const char* ToString(cricket::IceGatheringState state) {
  switch (state) {
    case cricket::kIceGatheringNew: return "new";
    case cricket::kIceGatheringGathering: return "gathering";
    case cricket::kIceGatheringComplete: return "complete";
  }
  return "new";
}

}  // namespace

struct IceSelectedPair {
  std::string local, remote;
  std::string local_url, local_relay_protocol;  // a server-reflexive or relay candidate's server, as onicecandidate gives them
};

// Everything lib/ mirrors, read together on the network thread.
struct IceInfo {
  uint64_t seq = 0;  // capture order: lib/ drops a posted snapshot older than a state it already read
  std::string state = "closed";
  std::string gathering_state = "complete";
  std::string role;  // "" when unknown
  std::string mid;
  std::optional<IceSelectedPair> selected;
};

namespace {

IceInfo Capture(cricket::IceTransportInternal* internal) {
  static std::atomic<uint64_t> next_seq{1};
  IceInfo captured;
  captured.seq = next_seq.fetch_add(1);
  if (!internal) return captured;
  captured.state = ToString(internal->GetIceTransportState());
  captured.gathering_state = ToString(internal->gathering_state());
  cricket::IceRole role = internal->GetIceRole();
  captured.role = role == cricket::ICEROLE_CONTROLLING ? "controlling"
                  : role == cricket::ICEROLE_CONTROLLED ? "controlled"
                                                        : "";
  captured.mid = internal->transport_name();
  if (const cricket::Connection* connection = internal->selected_connection()) {
    const cricket::Candidate& local = connection->local_candidate();
    captured.selected = IceSelectedPair{webrtc::SdpSerializeCandidate(local), webrtc::SdpSerializeCandidate(connection->remote_candidate()),
                                        local.url(), local.relay_protocol()};
  }
  return captured;
}

std::string StripAttributePrefix(std::string line) {
  if (line.rfind("a=", 0) == 0) line = line.substr(2);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

Napi::Object ToJS(Napi::Env env, const IceInfo& captured) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("seq", static_cast<double>(captured.seq));
  object.Set("state", captured.state);
  object.Set("gatheringState", captured.gathering_state);
  object.Set("role", captured.role.empty() ? env.Null() : Napi::String::New(env, captured.role));
  object.Set("mid", captured.mid);
  if (captured.selected) {
    Napi::Object pair = Napi::Object::New(env);
    pair.Set("local", StripAttributePrefix(captured.selected->local));
    pair.Set("remote", StripAttributePrefix(captured.selected->remote));
    if (!captured.selected->local_url.empty()) pair.Set("localUrl", captured.selected->local_url);
    if (!captured.selected->local_relay_protocol.empty()) pair.Set("localRelayProtocol", captured.selected->local_relay_protocol);
    object.Set("selectedCandidatePair", pair);
  } else {
    object.Set("selectedCandidatePair", env.Null());
  }
  return object;
}

}  // namespace

class IceTransport::Observer : public sigslot::has_slots<> {
 public:
  // `last_` starts as the watched transport: a wrapper made once the transport has settled would otherwise
  // miss the next pair change, which comes with no state signal before it.
  Observer(std::shared_ptr<Link<IceTransport>> link, cricket::IceTransportInternal* internal)
      : link_(std::move(link)), last_(internal) {
    internal->SignalIceTransportStateChanged.connect(this, &Observer::OnChange);
    internal->SignalGatheringState.connect(this, &Observer::OnChange);
    internal->SignalRoleConflict.connect(this, &Observer::OnChange);
    internal->SignalCandidatePairChanged.connect(this, &Observer::OnPairChange);
  }

 private:
  void OnChange(cricket::IceTransportInternal* internal) { Send(internal, false); }
  void OnPairChange(const cricket::CandidatePairChangeEvent&) {
    // The signal does not name its transport; the change is read back from the last one seen.
    Send(last_, true);
  }
  void Send(cricket::IceTransportInternal* internal, bool pair_changed) {
    last_ = internal;
    IceInfo captured = Capture(internal);
    Link<IceTransport>::Post(link_, [captured, pair_changed](Napi::Env env, IceTransport& self) {
      CallHandler(self.Value(), "onchange", {ToJS(env, captured), Napi::Boolean::New(env, pair_changed)});
    });
  }

  std::shared_ptr<Link<IceTransport>> link_;
  cricket::IceTransportInternal* last_;
};

void IceTransport::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeIceTransport", {InstanceMethod<&IceTransport::Info>("info")});
  AddonData::Get(env)->constructors["IceTransport"] = Napi::Persistent(ctor);
}

Napi::Object IceTransport::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::IceTransportInterface> transport,
                                       Shard* shard) {
  AddonData* data = AddonData::Get(env);
  if (IceTransport* existing = data->FindIdentity<IceTransport>(transport.get())) return existing->Value();
  Napi::Object object = data->constructors["IceTransport"].New({});
  IceTransport* self = Napi::ObjectWrap<IceTransport>::Unwrap(object);
  self->shard_ = shard;
  self->SetIdentity(transport.get());
  self->transport_ = transport;
  self->link_ = std::make_shared<Link<IceTransport>>(data->funnel);
  self->link_->target = self;
  self->first_info_ = shard->network_thread()->BlockingCall([self] {
    cricket::IceTransportInternal* internal = self->transport_->internal();
    if (internal) self->observer_ = std::make_unique<Observer>(self->link_, internal);
    return std::make_unique<IceInfo>(Capture(internal));
  });
  return object;
}

IceTransport::IceTransport(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<IceTransport>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

IceTransport::~IceTransport() { ReleaseEngineRefs(); }

void IceTransport::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (transport_) {
    shard_->network_thread()->BlockingCall([this] {
      observer_.reset();  // disconnects its slots on the thread that emits them
      transport_ = nullptr;
    });
  }
}


Napi::Value IceTransport::Info(const Napi::CallbackInfo& info) {
  if (!transport_) return ToJS(info.Env(), IceInfo{});
  if (first_info_) {
    std::unique_ptr<IceInfo> first = std::move(first_info_);
    return ToJS(info.Env(), *first);
  }
  IceInfo captured = shard_->network_thread()->BlockingCall([this] { return Capture(transport_->internal()); });
  return ToJS(info.Env(), captured);
}

}  // namespace nlw
