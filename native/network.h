// Which local networks a connection gathers candidates on. By default, like a browser: every interface
// but loopback. RTCConfiguration's nonstandard `iceAllowLoopback` and `iceInterfaces` change that
// (for loopback-only machines, tests, and hosts that must keep traffic on one interface).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "p2p/base/port_allocator.h"
#include "rtc_base/thread.h"

namespace nlw {

struct NetworkPolicy {
  bool allow_loopback = false;
  // Interface names ("eth0") or IP addresses ("127.0.0.1", "::1"); empty means every interface.
  std::vector<std::string> interfaces;
  // UDP and TCP ports candidates may use (portRange); 0, 0 lets the system choose.
  int min_port = 0;
  int max_port = 0;
};

// Call on any thread; the allocator is then used and destroyed by libwebrtc on the network thread.
std::unique_ptr<cricket::PortAllocator> CreatePortAllocator(const NetworkPolicy& policy,
                                                            rtc::Thread* network_thread);

}  // namespace nlw
