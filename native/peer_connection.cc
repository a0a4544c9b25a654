#include "peer_connection.h"

#include "api/jsep_ice_candidate.h"
#include "certificate.h"
#include "convert.h"
#include "data_channel.h"
#include "engine.h"
#include "errors.h"
#include "network.h"
#include "pc/session_description.h"
#include "snapshot.h"
#include "stats.h"
#include "media_stream_track.h"
#include "rtp_parameters.h"
#include "rtp_receiver.h"
#include "rtp_sender.h"
#include "rtp_transceiver.h"

namespace nlw {

namespace {

// A promise created on the JS thread and settled later from any thread, through the funnel.
class PendingPromise {
 public:
  static std::shared_ptr<PendingPromise> Create(Napi::Env env, std::shared_ptr<Funnel> funnel) {
    return std::shared_ptr<PendingPromise>(new PendingPromise(env, std::move(funnel)));
  }
  Napi::Promise promise() const { return deferred_.Promise(); }

  // `make` runs on the JS thread and builds the resolution value.
  void Resolve(std::function<Napi::Value(Napi::Env)> make) {
    auto self = shared_from(this);
    funnel_->Post([self, make = std::move(make)](Napi::Env env) { self->deferred_.Resolve(make(env)); });
  }
  void Reject(ErrorInfo info) {
    auto self = shared_from(this);
    funnel_->Post([self, info = std::move(info)](Napi::Env env) { self->deferred_.Reject(MakeError(env, info)); });
  }
  void set_self(std::weak_ptr<PendingPromise> self) { self_ = std::move(self); }

 private:
  PendingPromise(Napi::Env env, std::shared_ptr<Funnel> funnel)
      : deferred_(Napi::Promise::Deferred::New(env)), funnel_(std::move(funnel)) {}
  static std::shared_ptr<PendingPromise> shared_from(PendingPromise* p) { return p->self_.lock(); }

  Napi::Promise::Deferred deferred_;  // used on the JS thread only
  std::shared_ptr<Funnel> funnel_;
  std::weak_ptr<PendingPromise> self_;
};

std::shared_ptr<PendingPromise> NewPending(Napi::Env env, const std::shared_ptr<Funnel>& funnel) {
  auto pending = PendingPromise::Create(env, funnel);
  pending->set_self(pending);
  return pending;
}

class CreateDescriptionObserver : public webrtc::CreateSessionDescriptionObserver {
 public:
  explicit CreateDescriptionObserver(std::shared_ptr<PendingPromise> pending) : pending_(std::move(pending)) {}
  void OnSuccess(webrtc::SessionDescriptionInterface* raw) override {
    std::unique_ptr<webrtc::SessionDescriptionInterface> description(raw);  // we own it
    auto captured = Capture(description.get());
    pending_->Resolve([captured](Napi::Env env) { return ToJS(env, captured); });
  }
  void OnFailure(webrtc::RTCError error) override { pending_->Reject(FromRTCError(error)); }

 private:
  std::shared_ptr<PendingPromise> pending_;
};

class SetLocalObserver : public webrtc::SetLocalDescriptionObserverInterface {
 public:
  SetLocalObserver(std::shared_ptr<PendingPromise> pending, webrtc::PeerConnectionInterface* pc, Shard* shard)
      : pending_(std::move(pending)), pc_(pc), shard_(shard) {}
  void OnSetLocalDescriptionComplete(webrtc::RTCError error) override {
    if (!error.ok()) return pending_->Reject(FromRTCError(error));
    Snapshot snapshot = Snapshot::Take(pc_);  // called by the PeerConnection itself: it is alive
    Shard* shard = shard_;
    pending_->Resolve([snapshot, shard](Napi::Env env) { return snapshot.ToJS(env, shard); });
  }

 private:
  std::shared_ptr<PendingPromise> pending_;
  webrtc::PeerConnectionInterface* pc_;
  Shard* shard_;
};

class SetRemoteObserver : public webrtc::SetRemoteDescriptionObserverInterface {
 public:
  SetRemoteObserver(std::shared_ptr<PendingPromise> pending, webrtc::PeerConnectionInterface* pc, Shard* shard)
      : pending_(std::move(pending)), pc_(pc), shard_(shard) {}
  void OnSetRemoteDescriptionComplete(webrtc::RTCError error) override {
    if (!error.ok()) return pending_->Reject(FromRTCError(error));
    Snapshot snapshot = Snapshot::Take(pc_);
    Shard* shard = shard_;
    pending_->Resolve([snapshot, shard](Napi::Env env) { return snapshot.ToJS(env, shard); });
  }

 private:
  std::shared_ptr<PendingPromise> pending_;
  webrtc::PeerConnectionInterface* pc_;
  Shard* shard_;
};

ErrorInfo SdpParseFailure(const webrtc::SdpParseError& error) {
  ErrorInfo info;
  info.name = "RTCError";
  info.error_detail = "sdp-syntax-error";
  info.message = "Failed to parse SessionDescription. " + error.line + " " + error.description;
  // The parser reports the offending line's text, not its number; find it.
  return info;
}

}  // namespace

// Observer callbacks run on the signaling thread; each captures what it needs and posts.
class PeerConnection::Observer : public webrtc::PeerConnectionObserver {
 public:
  explicit Observer(std::shared_ptr<Link<PeerConnection>> link) : link_(std::move(link)) {}
  void set_pc(webrtc::PeerConnectionInterface* pc) { pc_.store(pc); }
  // The id of the last negotiationneeded event posted to the JS thread (0: none yet).
  uint32_t last_negotiation_needed() const { return last_negotiation_needed_.load(std::memory_order_acquire); }

  void OnSignalingChange(webrtc::PeerConnectionInterface::SignalingState) override {
    // lib/ takes signaling state from the snapshots of completed operations (the spec's order).
  }
  void OnDataChannel(rtc::scoped_refptr<webrtc::DataChannelInterface> channel) override {
    // Register the channel's observer now, on the signaling thread, so that no message is missed
    // before the JS object exists; the JS wrapper adopts it when the task runs.
    auto adopted = DataChannel::Adopt(link_->funnel, std::move(channel));
    Link<PeerConnection>::Post(link_, [adopted](Napi::Env env, PeerConnection& self) {
      Napi::Object channel = DataChannel::NewInstance(env, adopted, self.shard());
      self.Emit(env, "datachannel", {channel});
    });
  }
  void OnNegotiationNeededEvent(uint32_t event_id) override {
    last_negotiation_needed_.store(event_id, std::memory_order_release);
    Link<PeerConnection>::Post(link_, [event_id](Napi::Env env, PeerConnection& self) {
      self.Emit(env, "negotiationneeded", {Napi::Number::New(env, event_id)});
    });
  }
  void OnStandardizedIceConnectionChange(webrtc::PeerConnectionInterface::IceConnectionState state) override {
    std::string name = ToString(state);
    Link<PeerConnection>::Post(link_, [name](Napi::Env env, PeerConnection& self) {
      self.Emit(env, "iceconnectionstatechange", {Napi::String::New(env, name)});
    });
  }
  void OnConnectionChange(webrtc::PeerConnectionInterface::PeerConnectionState state) override {
    std::string name = ToString(state);
    Link<PeerConnection>::Post(link_, [name](Napi::Env env, PeerConnection& self) {
      self.Emit(env, "connectionstatechange", {Napi::String::New(env, name)});
    });
  }
  void OnIceGatheringChange(webrtc::PeerConnectionInterface::IceGatheringState state) override {
    std::string name = ToString(state);
    std::optional<Snapshot> local;
    if (auto* pc = pc_.load()) local = Snapshot::TakeLocal(pc);
    Link<PeerConnection>::Post(link_, [name, local](Napi::Env env, PeerConnection& self) {
      self.Emit(env, "icegatheringstatechange",
                {Napi::String::New(env, name), local ? napi_value(local->ToJS(env, self.shard())) : napi_value(env.Null())});
    });
  }
  void OnIceCandidate(const webrtc::IceCandidateInterface* candidate) override {
    std::string sdp;
    candidate->ToString(&sdp);
    std::string mid = candidate->sdp_mid();
    int index = candidate->sdp_mline_index();
    std::string ufrag = candidate->candidate().username();
    std::string url = candidate->server_url();
    // The local SDP now lists it too. Shared, not copied along with the task: with hundreds of unbundled
    // m-sections the description is megabytes and every candidate carries one.
    std::shared_ptr<const Snapshot> local;
    if (auto* pc = pc_.load()) local = std::make_shared<const Snapshot>(Snapshot::TakeLocal(pc));
    Link<PeerConnection>::Post(link_, [=](Napi::Env env, PeerConnection& self) {
      Napi::Object init = Napi::Object::New(env);
      init.Set("candidate", sdp);
      init.Set("sdpMid", mid);
      init.Set("sdpMLineIndex", index);
      init.Set("usernameFragment", ufrag);
      init.Set("url", url);
      self.Emit(env, "icecandidate", {init, local ? napi_value(local->ToJS(env, self.shard())) : napi_value(env.Null())});
    });
  }
  void OnIceCandidateError(const std::string& address, int port, const std::string& url, int error_code,
                           const std::string& error_text) override {
    Link<PeerConnection>::Post(link_, [=](Napi::Env env, PeerConnection& self) {
      Napi::Object init = Napi::Object::New(env);
      init.Set("address", address.empty() ? env.Null() : Napi::String::New(env, address));
      init.Set("port", port > 0 ? Napi::Number::New(env, port) : env.Null());
      init.Set("url", url);
      init.Set("errorCode", error_code);
      init.Set("errorText", error_text);
      self.Emit(env, "icecandidateerror", {init});
    });
  }
  void OnIceSelectedCandidatePairChanged(const cricket::CandidatePairChangeEvent&) override {}
  void OnTrack(rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver) override {
    TransceiverState state = TransceiverState::Capture(transceiver);
    std::vector<std::string> stream_ids = transceiver->receiver()->stream_ids();
    Link<PeerConnection>::Post(link_, [state, stream_ids](Napi::Env env, PeerConnection& self) {
      Napi::Array ids = Napi::Array::New(env, stream_ids.size());
      for (size_t i = 0; i < stream_ids.size(); ++i) ids.Set(static_cast<uint32_t>(i), stream_ids[i]);
      self.Emit(env, "track", {state.ToJS(env, self.shard()), ids});
    });
  }
  void OnRemoveTrack(rtc::scoped_refptr<webrtc::RtpReceiverInterface>) override {}

 private:
  std::shared_ptr<Link<PeerConnection>> link_;
  std::atomic<webrtc::PeerConnectionInterface*> pc_{nullptr};
  std::atomic<uint32_t> last_negotiation_needed_{0};
};

void PeerConnection::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(
      env, "NativePeerConnection",
      {
          InstanceMethod<&PeerConnection::CreateOffer>("createOffer"),
          InstanceMethod<&PeerConnection::CreateAnswer>("createAnswer"),
          InstanceMethod<&PeerConnection::SetLocalDescription>("setLocalDescription"),
          InstanceMethod<&PeerConnection::SetRemoteDescription>("setRemoteDescription"),
          InstanceMethod<&PeerConnection::AddIceCandidate>("addIceCandidate"),
          InstanceMethod<&PeerConnection::RestartIce>("restartIce"),
          InstanceMethod<&PeerConnection::SetConfiguration>("setConfiguration"),
          InstanceMethod<&PeerConnection::ShouldFireNegotiationNeeded>("shouldFireNegotiationNeeded"),
          InstanceMethod<&PeerConnection::LastNegotiationNeeded>("lastNegotiationNeeded"),
          InstanceMethod<&PeerConnection::Close>("close"),
          InstanceMethod<&PeerConnection::CreateDataChannel>("createDataChannel"),
          InstanceMethod<&PeerConnection::GetStats>("getStats"),
          InstanceMethod<&PeerConnection::HoldLoop>("holdLoop"),
          InstanceMethod<&PeerConnection::AddTrack>("addTrack"),
          InstanceMethod<&PeerConnection::RemoveTrack>("removeTrack"),
          InstanceMethod<&PeerConnection::AddTransceiver>("addTransceiver"),
          InstanceMethod<&PeerConnection::GetTransceivers>("transceivers"),
      });
  AddonData::Get(env)->constructors["PeerConnection"] = Napi::Persistent(ctor);
  exports.Set("PeerConnection", ctor);
}

// new PeerConnection(configuration): the configuration is already validated and normalized by lib/.
PeerConnection::PeerConnection(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<PeerConnection>(info), EngineObject(info.Env(), ShutdownOrder::kConnection) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) ThrowTypeError(env, "PeerConnection expects a configuration object");
  Napi::Object js_config = info[0].As<Napi::Object>();
  AddonData* data = AddonData::Get(env);
  shard_ = &data->engine().NextShard();

  webrtc::PeerConnectionInterface::RTCConfiguration config;
  ToRTCConfiguration(js_config, &config);
  link_ = std::make_shared<Link<PeerConnection>>(data->funnel);
  link_->target = this;
  observer_ = std::make_unique<Observer>(link_);

  webrtc::PeerConnectionDependencies dependencies(observer_.get());
  dependencies.allocator = CreatePortAllocator(ToNetworkPolicy(js_config), shard_->network_thread());
  auto result = shard_->factory()->CreatePeerConnectionOrError(config, std::move(dependencies));
  if (!result.ok()) {
    link_->target = nullptr;
    throw Napi::Error(env, MakeError(env, FromRTCError(result.error(), "Could not create the RTCPeerConnection")));
  }
  pc_ = result.MoveValue();
  observer_->set_pc(pc_.get());
}

PeerConnection::~PeerConnection() { ReleaseEngineRefs(); }

void PeerConnection::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (holding_loop_) {
    holding_loop_ = false;
    if (link_) link_->funnel->Release();
  }
  if (pc_) {
    if (observer_) observer_->set_pc(nullptr);  // callbacks queued ahead of Close() skip their snapshots
    pc_->Close();
    pc_ = nullptr;  // the last reference: the PeerConnection is destroyed now, so no callback follows
  }
  observer_.reset();
}

void PeerConnection::Emit(Napi::Env env, const char* type, const std::vector<napi_value>& args) {
  std::vector<napi_value> all;
  all.reserve(args.size() + 1);
  all.push_back(Napi::String::New(env, type));
  all.insert(all.end(), args.begin(), args.end());
  CallHandler(Value(), "onevent", all);
}

void PeerConnection::RequireOpen(Napi::Env env) const {
  if (!pc_) ThrowError(env, "InvalidStateError", "The RTCPeerConnection is closed");
}

// createOffer({ iceRestart, offerToReceiveAudio?, offerToReceiveVideo?, voiceActivityDetection })
Napi::Value PeerConnection::CreateOffer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  webrtc::PeerConnectionInterface::RTCOfferAnswerOptions options;
  if (info[0].IsObject()) {
    Napi::Object js = info[0].As<Napi::Object>();
    options.ice_restart = GetBool(js, "iceRestart", false);
    options.voice_activity_detection = GetBool(js, "voiceActivityDetection", true);
    if (auto audio = GetNumber(js, "offerToReceiveAudio")) options.offer_to_receive_audio = static_cast<int>(*audio);
    if (auto video = GetNumber(js, "offerToReceiveVideo")) options.offer_to_receive_video = static_cast<int>(*video);
  }
  auto pending = NewPending(env, link_->funnel);
  pc_->CreateOffer(rtc::make_ref_counted<CreateDescriptionObserver>(pending).get(), options);
  return pending->promise();
}

Napi::Value PeerConnection::CreateAnswer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  webrtc::PeerConnectionInterface::RTCOfferAnswerOptions options;
  if (info[0].IsObject()) {
    options.voice_activity_detection = GetBool(info[0].As<Napi::Object>(), "voiceActivityDetection", true);
  }
  auto pending = NewPending(env, link_->funnel);
  pc_->CreateAnswer(rtc::make_ref_counted<CreateDescriptionObserver>(pending).get(), options);
  return pending->promise();
}

namespace {

// Parses {type, sdp}; on failure returns the RTCError the spec asks for.
std::unique_ptr<webrtc::SessionDescriptionInterface> ParseDescription(Napi::Env env, const Napi::Object& js,
                                                                      ErrorInfo* failure) {
  std::string type = GetString(js, "type");
  std::string sdp = GetString(js, "sdp");
  auto sdp_type = ToSdpType(type);
  if (!sdp_type) {
    failure->name = "TypeError";
    failure->message = "'" + type + "' is not a valid RTCSdpType";
    return nullptr;
  }
  webrtc::SdpParseError error;
  auto description = webrtc::CreateSessionDescription(*sdp_type, sdp, &error);
  if (!description) {
    *failure = SdpParseFailure(error);
    // Report the line number of the offending line, as RTCError.sdpLineNumber.
    if (!error.line.empty()) {
      size_t at = sdp.find(error.line);
      if (at != std::string::npos) {
        failure->sdp_line_number = 1 + static_cast<int>(std::count(sdp.begin(), sdp.begin() + at, '\n'));
      }
    }
  }
  return description;
}

}  // namespace

// setLocalDescription() or setLocalDescription({type, sdp})
Napi::Value PeerConnection::SetLocalDescription(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  auto pending = NewPending(env, link_->funnel);
  auto observer = rtc::make_ref_counted<SetLocalObserver>(pending, pc_.get(), shard_);
  if (!info[0].IsObject()) {
    pc_->SetLocalDescription(observer);
    return pending->promise();
  }
  ErrorInfo failure;
  auto description = ParseDescription(env, info[0].As<Napi::Object>(), &failure);
  if (!description) {
    pending->Reject(failure);
    return pending->promise();
  }
  pc_->SetLocalDescription(std::move(description), observer);
  return pending->promise();
}

Napi::Value PeerConnection::SetRemoteDescription(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  auto pending = NewPending(env, link_->funnel);
  if (!info[0].IsObject()) ThrowTypeError(env, "setRemoteDescription expects an RTCSessionDescriptionInit");
  ErrorInfo failure;
  auto description = ParseDescription(env, info[0].As<Napi::Object>(), &failure);
  if (!description) {
    pending->Reject(failure);
    return pending->promise();
  }
  pc_->SetRemoteDescription(std::move(description), rtc::make_ref_counted<SetRemoteObserver>(pending, pc_.get(), shard_));
  return pending->promise();
}

// addIceCandidate({candidate, sdpMid, sdpMLineIndex, usernameFragment}) — lib/ checked the types and that a
// remote description exists. Checks the spec's OperationError cases against the applied remote description.
Napi::Value PeerConnection::AddIceCandidate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  Napi::Object js = info[0].As<Napi::Object>();
  std::string candidate = GetString(js, "candidate");
  std::optional<std::string> mid;
  if (js.Get("sdpMid").IsString()) mid = GetString(js, "sdpMid");
  std::optional<int> index;
  if (auto number = GetNumber(js, "sdpMLineIndex")) index = static_cast<int>(*number);
  std::optional<std::string> ufrag;
  if (js.Get("usernameFragment").IsString()) ufrag = GetString(js, "usernameFragment");

  auto pending = NewPending(env, link_->funnel);
  auto reject = [&](const std::string& message) {
    pending->Reject(ErrorInfo{"OperationError", message, {}, {}, {}});
    return pending->promise();
  };

  // Resolve the media description this candidate belongs to and add it, in one hop to the signaling thread.
  struct Target {
    bool found = false;
    std::string mid;
    int index = -1;
    bool added = false;  // handed to the engine, which settles the promise
    std::string error;
  };
  webrtc::PeerConnectionInterface* pc = pc_.get();
  Target target = shard_->signaling_thread()->BlockingCall([&] {
    Target t;
    const webrtc::SessionDescriptionInterface* remote = pc->remote_description();
    if (!remote) {
      t.error = "There is no remote description";
      return t;
    }
    const auto& contents = remote->description()->contents();
    for (size_t i = 0; i < contents.size(); ++i) {
      if ((mid && contents[i].name == *mid) || (!mid && index && static_cast<int>(i) == *index)) {
        t.found = true;
        t.mid = contents[i].name;
        t.index = static_cast<int>(i);
        break;
      }
    }
    if (!t.found) {
      t.error = mid ? "No media description has the mid '" + *mid + "'"
                    : "sdpMLineIndex " + std::to_string(index.value_or(-1)) + " is out of range";
      return t;
    }
    if (ufrag) {
      const cricket::TransportInfo* transport = remote->description()->GetTransportInfoByName(t.mid);
      if (!transport || transport->description.ice_ufrag != *ufrag) {
        t.error = "usernameFragment '" + *ufrag + "' does not match the remote description";
        return t;
      }
    }
    // End-of-candidates for that media description: nothing for the ICE agent to do in this engine.
    if (candidate.empty()) return t;
    webrtc::SdpParseError parse_error;
    std::unique_ptr<webrtc::IceCandidateInterface> parsed(
        webrtc::CreateIceCandidate(t.mid, t.index, candidate, &parse_error));
    if (!parsed) {
      t.error = "Invalid candidate: " + parse_error.description + " (" + candidate + ")";
      return t;
    }
    // In the same hop (the proxy runs it directly on this thread); the engine settles the promise, with
    // the remote description that now holds the candidate (read by the PeerConnection's own callback).
    pc->AddIceCandidate(std::move(parsed), [pending, pc](webrtc::RTCError error) {
      if (error.ok()) {
        auto current = Capture(pc->current_remote_description());
        auto pending_remote = Capture(pc->pending_remote_description());
        pending->Resolve([current, pending_remote](Napi::Env env) {
          Napi::Object remote = Napi::Object::New(env);
          remote.Set("currentRemoteDescription", ToJS(env, current));
          remote.Set("pendingRemoteDescription", ToJS(env, pending_remote));
          return remote;
        });
      } else {
        ErrorInfo info = FromRTCError(error, "Could not add the ICE candidate");
        info.name = "OperationError";
        pending->Reject(info);
      }
    });
    t.added = true;
    return t;
  });
  if (!target.error.empty()) return reject(target.error);
  if (!target.added) pending->Resolve([](Napi::Env env) { return env.Undefined(); });
  return pending->promise();
}

Napi::Value PeerConnection::RestartIce(const Napi::CallbackInfo& info) {
  if (pc_) pc_->RestartIce();
  return info.Env().Undefined();
}

// setConfiguration(configuration): lib/ already rejected the changes the spec forbids.
Napi::Value PeerConnection::SetConfiguration(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  webrtc::PeerConnectionInterface::RTCConfiguration config = pc_->GetConfiguration();
  auto certificates = config.certificates;
  ToRTCConfiguration(info[0].As<Napi::Object>(), &config);
  config.certificates = certificates;
  webrtc::RTCError error = pc_->SetConfiguration(config);
  if (!error.ok()) throw Napi::Error(env, MakeError(env, FromRTCError(error, "setConfiguration failed")));
  return env.Undefined();
}

Napi::Value PeerConnection::ShouldFireNegotiationNeeded(const Napi::CallbackInfo& info) {
  if (!pc_) return Napi::Boolean::New(info.Env(), false);
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  return Napi::Boolean::New(info.Env(), pc_->ShouldFireNegotiationNeededEvent(id));
}

Napi::Value PeerConnection::LastNegotiationNeeded(const Napi::CallbackInfo& info) {
  // No hop: libwebrtc generates the event inside the call that changed the state, on the signaling thread,
  // and that call has returned to the JS thread before this is asked.
  return Napi::Number::New(info.Env(), observer_ ? observer_->last_negotiation_needed() : 0);
}

Napi::Value PeerConnection::Close(const Napi::CallbackInfo& info) {
  // Closed, lib/ ignores events: candidates gathered ahead of Close() on the signaling thread need no
  // snapshot of the local description (megabytes each with hundreds of unbundled m-sections).
  if (observer_) observer_->set_pc(nullptr);
  if (pc_) {
    pc_->Close();
    pc_->ClearStatsCache();  // a report cached in the last 50 ms would still show the open connection
  }
  if (holding_loop_) {
    holding_loop_ = false;
    link_->funnel->Release();
  }
  return info.Env().Undefined();
}

// holdLoop(true|false): lib/ holds the event loop while the connection is in use, like a socket.
Napi::Value PeerConnection::HoldLoop(const Napi::CallbackInfo& info) {
  bool hold = info[0].ToBoolean().Value() && pc_;
  if (hold != holding_loop_) {
    holding_loop_ = hold;
    if (hold) {
      link_->funnel->Hold();
    } else {
      link_->funnel->Release();
    }
  }
  return info.Env().Undefined();
}

// createDataChannel(label, {ordered, maxPacketLifeTime?, maxRetransmits?, protocol, negotiated, id?, priority})
Napi::Value PeerConnection::CreateDataChannel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  std::string label = info[0].As<Napi::String>().Utf8Value();
  Napi::Object js = info[1].As<Napi::Object>();
  webrtc::DataChannelInit init;
  init.ordered = GetBool(js, "ordered", true);
  if (auto lifetime = GetNumber(js, "maxPacketLifeTime")) init.maxRetransmitTime = static_cast<int>(*lifetime);
  if (auto retransmits = GetNumber(js, "maxRetransmits")) init.maxRetransmits = static_cast<int>(*retransmits);
  init.protocol = GetString(js, "protocol");
  init.negotiated = GetBool(js, "negotiated", false);
  if (auto id = GetNumber(js, "id")) init.id = static_cast<int>(*id);
  if (auto priority = ParsePriority(GetString(js, "priority", "low"))) init.priority = *priority;
  // Created, observed and read in one hop to the signaling thread (the proxies run directly there).
  struct Created {
    webrtc::RTCError error;
    std::shared_ptr<AdoptedChannel> adopted;
  };
  webrtc::PeerConnectionInterface* pc = pc_.get();
  std::shared_ptr<Funnel> funnel = link_->funnel;
  Created created = shard_->signaling_thread()->BlockingCall([&] {
    Created c;
    auto result = pc->CreateDataChannelOrError(label, &init);
    if (!result.ok()) {
      c.error = result.MoveError();
      return c;
    }
    c.adopted = DataChannel::Adopt(funnel, result.MoveValue());
    c.adopted->attributes = DataChannelAttributes::Read(c.adopted->channel.get());
    return c;
  });
  if (!created.adopted) {
    ErrorInfo error = FromRTCError(created.error, "Could not create the data channel");
    if (error.name != "TypeError" && error.name != "InvalidStateError") error.name = "OperationError";
    throw Napi::Error(env, MakeError(env, error));
  }
  return DataChannel::NewInstance(env, created.adopted, shard_);
}

// getStats(selector?): selector is a native sender or receiver (lib/ found the one holding the track).
Napi::Value PeerConnection::GetStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  if (RtpSender* sender = RtpSender::FromValue(info[0])) return Stats::Collect(env, link_->funnel, pc_.get(), sender->sender());
  if (RtpReceiver* receiver = RtpReceiver::FromValue(info[0])) {
    return Stats::Collect(env, link_->funnel, pc_.get(), receiver->receiver());
  }
  return Stats::Collect(env, link_->funnel, pc_.get());
}

namespace {

// The transceiver that owns `sender`, captured on the signaling thread.
TransceiverState FindTransceiver(Shard* shard, webrtc::PeerConnectionInterface* pc, webrtc::RtpSenderInterface* sender) {
  return shard->signaling_thread()->BlockingCall([pc, sender] {
    for (auto& transceiver : pc->GetTransceivers()) {
      if (transceiver->sender().get() == sender) return TransceiverState::Capture(transceiver);
    }
    return TransceiverState();
  });
}

webrtc::RtpTransceiverInit ToTransceiverInit(Napi::Env env, const Napi::Object& js) {
  webrtc::RtpTransceiverInit init;
  auto direction = ParseDirection(GetString(js, "direction", "sendrecv"));
  if (!direction || *direction == webrtc::RtpTransceiverDirection::kStopped) ThrowTypeError(env, "addTransceiver: invalid direction");
  init.direction = *direction;
  Napi::Value streams = js.Get("streams");
  if (streams.IsArray()) {
    Napi::Array list = streams.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) init.stream_ids.push_back(list.Get(i).As<Napi::String>().Utf8Value());
  }
  Napi::Value encodings = js.Get("sendEncodings");
  if (encodings.IsArray()) {
    Napi::Array list = encodings.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) {
      Napi::Object e = list.Get(i).As<Napi::Object>();
      webrtc::RtpEncodingParameters encoding;
      encoding.rid = GetString(e, "rid");
      ApplyEncoding(env, e, &encoding);
      init.send_encodings.push_back(encoding);
    }
  }
  return init;
}

}  // namespace

// addTrack(nativeTrack, streamIds): the sender's transceiver, as a state snapshot.
Napi::Value PeerConnection::AddTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  MediaStreamTrack* track = MediaStreamTrack::FromValue(info[0]);
  if (!track || !track->track()) ThrowTypeError(env, "addTrack: expected a MediaStreamTrack");
  std::vector<std::string> stream_ids;
  Napi::Array ids = info[1].As<Napi::Array>();
  for (uint32_t i = 0; i < ids.Length(); ++i) stream_ids.push_back(ids.Get(i).As<Napi::String>().Utf8Value());
  auto result = pc_->AddTrack(track->ForShard(shard_), stream_ids);
  if (!result.ok()) {
    ErrorInfo failure = FromRTCError(result.error(), "addTrack failed");
    throw Napi::Error(env, MakeError(env, failure));
  }
  TransceiverState state = FindTransceiver(shard_, pc_.get(), result.value().get());
  if (!state.transceiver) ThrowError(env, "OperationError", "addTrack: the new sender has no transceiver");
  return state.ToJS(env, shard_);
}

Napi::Value PeerConnection::RemoveTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  RtpSender* sender = RtpSender::FromValue(info[0]);
  if (!sender || !sender->sender()) ThrowTypeError(env, "removeTrack: expected an RTCRtpSender");
  webrtc::RTCError error = pc_->RemoveTrackOrError(sender->sender());
  if (!error.ok()) throw Napi::Error(env, MakeError(env, FromRTCError(error, "removeTrack failed")));
  return env.Undefined();
}

// addTransceiver(nativeTrack | 'audio' | 'video', init)
Napi::Value PeerConnection::AddTransceiver(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  webrtc::RtpTransceiverInit init = ToTransceiverInit(env, info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env));
  webrtc::RTCErrorOr<rtc::scoped_refptr<webrtc::RtpTransceiverInterface>> result;
  if (MediaStreamTrack* track = MediaStreamTrack::FromValue(info[0])) {
    result = pc_->AddTransceiver(track->ForShard(shard_), init);
  } else {
    std::string kind = info[0].As<Napi::String>().Utf8Value();
    result = pc_->AddTransceiver(kind == "video" ? cricket::MEDIA_TYPE_VIDEO : cricket::MEDIA_TYPE_AUDIO, init);
  }
  if (!result.ok()) throw Napi::Error(env, MakeError(env, FromRTCError(result.error(), "addTransceiver failed")));
  rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver = result.MoveValue();
  TransceiverState state = shard_->signaling_thread()->BlockingCall([&] { return TransceiverState::Capture(transceiver); });
  return state.ToJS(env, shard_);
}

Napi::Value PeerConnection::GetTransceivers(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!pc_) return Napi::Array::New(env);
  webrtc::PeerConnectionInterface* pc = pc_.get();
  auto states = shard_->signaling_thread()->BlockingCall([pc] {
    std::vector<TransceiverState> states;
    for (auto& transceiver : pc->GetTransceivers()) states.push_back(TransceiverState::Capture(transceiver));
    return states;
  });
  Napi::Array list = Napi::Array::New(env, states.size());
  for (size_t i = 0; i < states.size(); ++i) list.Set(static_cast<uint32_t>(i), states[i].ToJS(env, shard_));
  return list;
}

}  // namespace nlw
