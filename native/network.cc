#include "network.h"

#include "p2p/base/basic_packet_socket_factory.h"
#include "p2p/client/basic_port_allocator.h"
#include "rtc_base/ip_address.h"
#include "rtc_base/network.h"
#include "rtc_base/third_party/sigslot/sigslot.h"

namespace nlw {

namespace {

// Wraps the engine's interface enumeration and hides the networks the policy excludes.
class FilteringNetworkManager : public rtc::NetworkManager, public sigslot::has_slots<> {
 public:
  FilteringNetworkManager(NetworkPolicy policy, rtc::SocketFactory* socket_factory)
      : policy_(std::move(policy)), inner_(socket_factory) {
    inner_.SignalNetworksChanged.connect(this, &FilteringNetworkManager::OnInnerNetworksChanged);
    inner_.SignalError.connect(this, &FilteringNetworkManager::OnInnerError);
  }

  void Initialize() override { inner_.Initialize(); }
  void StartUpdating() override { inner_.StartUpdating(); }
  void StopUpdating() override { inner_.StopUpdating(); }
  EnumerationPermission enumeration_permission() const override { return inner_.enumeration_permission(); }
  bool GetDefaultLocalAddress(int family, rtc::IPAddress* address) const override {
    return inner_.GetDefaultLocalAddress(family, address);
  }

  std::vector<const rtc::Network*> GetNetworks() const override {
    std::vector<const rtc::Network*> kept;
    for (const rtc::Network* network : inner_.GetNetworks()) {
      if (Allowed(*network)) kept.push_back(network);
    }
    return kept;
  }

  // With an explicit policy, never fall back to the wildcard address: that would bind every interface.
  std::vector<const rtc::Network*> GetAnyAddressNetworks() override {
    if (policy_.allow_loopback || !policy_.interfaces.empty()) return {};
    return inner_.GetAnyAddressNetworks();
  }

 private:
  bool Allowed(const rtc::Network& network) const {
    if (network.type() == rtc::ADAPTER_TYPE_LOOPBACK && !policy_.allow_loopback) return false;
    if (policy_.interfaces.empty()) return true;
    for (const std::string& wanted : policy_.interfaces) {
      if (network.name() == wanted) return true;
      rtc::IPAddress address;
      if (rtc::IPFromString(wanted, &address)) {
        for (const rtc::InterfaceAddress& ip : network.GetIPs()) {
          if (ip == address) return true;
        }
      }
    }
    return false;
  }

  void OnInnerNetworksChanged() { SignalNetworksChanged(); }
  void OnInnerError() { SignalError(); }

  NetworkPolicy policy_;
  rtc::BasicNetworkManager inner_;
};

// Owns its network manager, which must outlive the allocator's sessions: base-from-member keeps it
// constructed before, and destroyed after, the BasicPortAllocator base.
struct NetworkManagerHolder {
  std::unique_ptr<FilteringNetworkManager> network_manager;
};

class PolicyPortAllocator : private NetworkManagerHolder, public cricket::BasicPortAllocator {
 public:
  PolicyPortAllocator(std::unique_ptr<FilteringNetworkManager> network_manager,
                      std::unique_ptr<rtc::PacketSocketFactory> socket_factory)
      : NetworkManagerHolder{std::move(network_manager)},
        cricket::BasicPortAllocator(NetworkManagerHolder::network_manager.get(), std::move(socket_factory)) {}
  ~PolicyPortAllocator() override = default;
};

}  // namespace

std::unique_ptr<cricket::PortAllocator> CreatePortAllocator(const NetworkPolicy& policy,
                                                            rtc::Thread* network_thread) {
  rtc::SocketFactory* sockets = network_thread->socketserver();
  auto allocator = std::make_unique<PolicyPortAllocator>(std::make_unique<FilteringNetworkManager>(policy, sockets),
                                                         std::make_unique<rtc::BasicPacketSocketFactory>(sockets));
  if (policy.max_port > 0) allocator->SetPortRange(policy.min_port, policy.max_port);
  return allocator;
}

}  // namespace nlw
