// getStats(): libwebrtc's standard stats collector, delivered as JSON (W3C webrtc-stats names);
// lib/RTCStatsReport.ts turns it into the Map-like report.
#pragma once

#include <napi.h>

#include <memory>

#include "api/peer_connection_interface.h"

namespace nlw {

class Funnel;

struct Stats {
  static Napi::Value Collect(Napi::Env env, const std::shared_ptr<Funnel>& funnel, webrtc::PeerConnectionInterface* pc);
  static Napi::Value Collect(Napi::Env env, const std::shared_ptr<Funnel>& funnel, webrtc::PeerConnectionInterface* pc,
                             rtc::scoped_refptr<webrtc::RtpSenderInterface> sender);
  static Napi::Value Collect(Napi::Env env, const std::shared_ptr<Funnel>& funnel, webrtc::PeerConnectionInterface* pc,
                             rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver);
};

}  // namespace nlw
