#include "snapshot.h"

#include "sctp_transport.h"

namespace nlw {

Snapshot Snapshot::TakeLocal(webrtc::PeerConnectionInterface* pc) {
  Snapshot snapshot;
  snapshot.signaling_state = ToString(pc->signaling_state());
  snapshot.current_local = Capture(pc->current_local_description());
  snapshot.pending_local = Capture(pc->pending_local_description());
  snapshot.local_only = true;
  return snapshot;
}

Snapshot Snapshot::Take(webrtc::PeerConnectionInterface* pc) {
  Snapshot snapshot = TakeLocal(pc);
  snapshot.local_only = false;
  snapshot.current_remote = Capture(pc->current_remote_description());
  snapshot.pending_remote = Capture(pc->pending_remote_description());
  snapshot.sctp = pc->GetSctpTransport();
  snapshot.has_sctp = snapshot.sctp != nullptr;
  // The shard's one thread is the transport's owner thread too: a direct read.
  if (snapshot.sctp) snapshot.sctp_info = snapshot.sctp->Information();
  for (auto& transceiver : pc->GetTransceivers()) snapshot.transceivers.push_back(TransceiverState::Capture(transceiver));
  return snapshot;
}

Napi::Object Snapshot::ToJS(Napi::Env env, Shard* shard) const {
  Napi::Object object = Napi::Object::New(env);
  object.Set("signalingState", signaling_state);
  object.Set("currentLocalDescription", nlw::ToJS(env, current_local));
  object.Set("pendingLocalDescription", nlw::ToJS(env, pending_local));
  if (!local_only) {
    object.Set("currentRemoteDescription", nlw::ToJS(env, current_remote));
    object.Set("pendingRemoteDescription", nlw::ToJS(env, pending_remote));
    object.Set("hasSctp", has_sctp);
    object.Set("sctpTransport", sctp ? SctpTransport::NewInstance(env, sctp, shard, sctp_info) : env.Null());
    Napi::Array list = Napi::Array::New(env, transceivers.size());
    for (size_t i = 0; i < transceivers.size(); ++i) list.Set(static_cast<uint32_t>(i), transceivers[i].ToJS(env, shard));
    object.Set("transceivers", list);
  }
  return object;
}

}  // namespace nlw
