// RTCPeerConnection's native half: owns the libwebrtc PeerConnection and relays its observer callbacks
// to the TS object through the funnel. Spec semantics (operations chain, closed state, event order)
// live in lib/RTCPeerConnection.ts.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

#include "addon_data.h"
#include "api/peer_connection_interface.h"
#include "link.h"

namespace nlw {

class Shard;

class PeerConnection : public Napi::ObjectWrap<PeerConnection>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit PeerConnection(const Napi::CallbackInfo& info);
  ~PeerConnection() override;

  void ReleaseEngineRefs() override;
  webrtc::PeerConnectionInterface* pc() const { return pc_.get(); }
  Shard* shard() const { return shard_; }

  // JS thread: calls the TS object's `onevent(type, ...args)`.
  void Emit(Napi::Env env, const char* type, const std::vector<napi_value>& args);

 private:
  class Observer;

  Napi::Value CreateOffer(const Napi::CallbackInfo& info);
  Napi::Value CreateAnswer(const Napi::CallbackInfo& info);
  Napi::Value SetLocalDescription(const Napi::CallbackInfo& info);
  Napi::Value SetRemoteDescription(const Napi::CallbackInfo& info);
  Napi::Value AddIceCandidate(const Napi::CallbackInfo& info);
  Napi::Value RestartIce(const Napi::CallbackInfo& info);
  Napi::Value SetConfiguration(const Napi::CallbackInfo& info);
  Napi::Value ShouldFireNegotiationNeeded(const Napi::CallbackInfo& info);
  Napi::Value LastNegotiationNeeded(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value CreateDataChannel(const Napi::CallbackInfo& info);
  Napi::Value GetStats(const Napi::CallbackInfo& info);
  Napi::Value HoldLoop(const Napi::CallbackInfo& info);
  Napi::Value AddTrack(const Napi::CallbackInfo& info);
  Napi::Value RemoveTrack(const Napi::CallbackInfo& info);
  Napi::Value AddTransceiver(const Napi::CallbackInfo& info);
  Napi::Value GetTransceivers(const Napi::CallbackInfo& info);

  void RequireOpen(Napi::Env env) const;

  Shard* shard_ = nullptr;  // the thread and factory this connection lives on
  std::shared_ptr<Link<PeerConnection>> link_;
  std::unique_ptr<Observer> observer_;  // outlives pc_: libwebrtc holds it by raw pointer
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc_;
  bool holding_loop_ = false;
};

}  // namespace nlw
