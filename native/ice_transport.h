// RTCIceTransport's native half. The engine's ICE transport lives on the network thread and exposes its
// changes through sigslot signals, which are connected and disconnected there.
#pragma once

#include <napi.h>

#include "addon_data.h"
#include "api/ice_transport_interface.h"
#include "link.h"

namespace nlw {

class Shard;
struct IceInfo;

class IceTransport : public Napi::ObjectWrap<IceTransport>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::IceTransportInterface> transport,
                                  Shard* shard);
  explicit IceTransport(const Napi::CallbackInfo& info);
  ~IceTransport() override;
  void ReleaseEngineRefs() override;

 private:
  class Observer;
  Napi::Value Info(const Napi::CallbackInfo& info);

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::IceTransportInterface> transport_;
  std::unique_ptr<Observer> observer_;  // created, connected and destroyed on the network thread
  std::shared_ptr<Link<IceTransport>> link_;
  // Read in the same hop that connected the observer; the first info() returns it without another.
  std::unique_ptr<IceInfo> first_info_;
};

}  // namespace nlw
