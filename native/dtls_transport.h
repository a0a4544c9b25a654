// RTCDtlsTransport's native half. libwebrtc's DtlsTransport belongs to the network thread.
#pragma once

#include <napi.h>

#include "addon_data.h"
#include "api/dtls_transport_interface.h"
#include "link.h"

namespace nlw {

class Shard;

class DtlsTransport : public Napi::ObjectWrap<DtlsTransport>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::DtlsTransportInterface> transport,
                                  Shard* shard);
  explicit DtlsTransport(const Napi::CallbackInfo& info);
  ~DtlsTransport() override;
  void ReleaseEngineRefs() override;

 private:
  class Observer;
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value IceTransport(const Napi::CallbackInfo& info);

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::DtlsTransportInterface> transport_;
  std::unique_ptr<Observer> observer_;
  std::shared_ptr<Link<DtlsTransport>> link_;
};

}  // namespace nlw
