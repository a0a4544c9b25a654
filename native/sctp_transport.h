// RTCSctpTransport's native half. libwebrtc's SctpTransport lives on the network thread.
#pragma once

#include <napi.h>

#include <optional>

#include "addon_data.h"
#include "api/sctp_transport_interface.h"
#include "link.h"

namespace nlw {

class Shard;

class SctpTransport : public Napi::ObjectWrap<SctpTransport>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // The same JS object for the same libwebrtc transport. A new one starts from `known`, the state a
  // description snapshot saw, and reports any change since as an event.
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::SctpTransportInterface> transport,
                                  Shard* shard, const std::optional<webrtc::SctpTransportInformation>& known);
  explicit SctpTransport(const Napi::CallbackInfo& info);
  ~SctpTransport() override;
  void ReleaseEngineRefs() override;
  void Deliver(Napi::Env env, const webrtc::SctpTransportInformation& information);

 private:
  class Observer;
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Transport(const Napi::CallbackInfo& info);

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::SctpTransportInterface> transport_;
  std::unique_ptr<Observer> observer_;
  std::shared_ptr<Link<SctpTransport>> link_;
  // Read in the same hop that registered the observer; the first info() and transport() use them
  // instead of a hop each.
  std::optional<webrtc::SctpTransportInformation> first_info_;
  std::optional<rtc::scoped_refptr<webrtc::DtlsTransportInterface>> first_dtls_;
};

Napi::Object ToJS(Napi::Env env, const webrtc::SctpTransportInformation& information);

}  // namespace nlw
