// The state a description operation leaves behind, captured on the signaling thread in the same step
// that completes the operation, so that lib/ updates every attribute in the task that announces it.
#pragma once

#include <napi.h>

#include <optional>
#include <string>

#include "api/peer_connection_interface.h"
#include "convert.h"
#include "rtp_transceiver.h"

namespace nlw {

class Shard;

struct Snapshot {
  std::string signaling_state;
  std::optional<Description> current_local, pending_local, current_remote, pending_remote;
  bool has_sctp = false;
  // The SCTP transport the operation left (with BUNDLE the answer may move it): lib/ gets its object
  // from here, without asking again.
  rtc::scoped_refptr<webrtc::SctpTransportInterface> sctp;
  std::optional<webrtc::SctpTransportInformation> sctp_info;  // its state when the operation completed
  bool local_only = false;  // remote descriptions were not captured
  std::vector<TransceiverState> transceivers;

  static Snapshot Take(webrtc::PeerConnectionInterface* pc);  // signaling thread
  static Snapshot TakeLocal(webrtc::PeerConnectionInterface* pc);  // local descriptions only
  Napi::Object ToJS(Napi::Env env, Shard* shard) const;
};

}  // namespace nlw
