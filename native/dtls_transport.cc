#include "dtls_transport.h"

#include "convert.h"
#include "engine.h"
#include "errors.h"
#include "ice_transport.h"
#include "rtc_base/ssl_certificate.h"

namespace nlw {

namespace {

const char* ToString(webrtc::DtlsTransportState state) {
  switch (state) {
    case webrtc::DtlsTransportState::kNew: return "new";
    case webrtc::DtlsTransportState::kConnecting: return "connecting";
    case webrtc::DtlsTransportState::kConnected: return "connected";
    case webrtc::DtlsTransportState::kClosed: return "closed";
    case webrtc::DtlsTransportState::kFailed: return "failed";
    default: return "new";
  }
}

// What lib/ mirrors: the state and the remote certificate chain (DER), captured together.
struct Captured {
  std::string state;
  std::vector<std::vector<uint8_t>> remote_certificates;
};

Captured Capture(const webrtc::DtlsTransportInformation& information) {
  Captured captured{ToString(information.state()), {}};
  if (const rtc::SSLCertChain* chain = information.remote_ssl_certificates()) {
    for (size_t i = 0; i < chain->GetSize(); ++i) {
      rtc::Buffer der;
      chain->Get(i).ToDER(&der);
      captured.remote_certificates.emplace_back(der.data(), der.data() + der.size());
    }
  }
  return captured;
}

Napi::Object ToJS(Napi::Env env, const Captured& captured) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("state", captured.state);
  Napi::Array certificates = Napi::Array::New(env, captured.remote_certificates.size());
  for (size_t i = 0; i < captured.remote_certificates.size(); ++i) {
    const auto& der = captured.remote_certificates[i];
    certificates.Set(static_cast<uint32_t>(i), CopyToArrayBuffer(env, der.data(), der.size()));
  }
  object.Set("remoteCertificates", certificates);
  return object;
}

}  // namespace

class DtlsTransport::Observer : public webrtc::DtlsTransportObserverInterface {
 public:
  explicit Observer(std::shared_ptr<Link<DtlsTransport>> link) : link_(std::move(link)) {}
  void OnStateChange(webrtc::DtlsTransportInformation information) override {
    Captured captured = Capture(information);
    Link<DtlsTransport>::Post(link_, [captured](Napi::Env env, DtlsTransport& self) {
      CallHandler(self.Value(), "onstate", {ToJS(env, captured)});
    });
  }
  void OnError(webrtc::RTCError error) override {
    ErrorInfo info = FromRTCError(error);
    info.name = "RTCError";
    if (info.error_detail.empty()) info.error_detail = "dtls-failure";
    Link<DtlsTransport>::Post(link_, [info](Napi::Env env, DtlsTransport& self) {
      CallHandler(self.Value(), "onerror", {MakeError(env, info)});
    });
  }

 private:
  std::shared_ptr<Link<DtlsTransport>> link_;
};

void DtlsTransport::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeDtlsTransport",
                                    {
                                        InstanceMethod<&DtlsTransport::Info>("info"),
                                        InstanceMethod<&DtlsTransport::IceTransport>("iceTransport"),
                                    });
  AddonData::Get(env)->constructors["DtlsTransport"] = Napi::Persistent(ctor);
}

Napi::Object DtlsTransport::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::DtlsTransportInterface> transport,
                                        Shard* shard) {
  AddonData* data = AddonData::Get(env);
  if (DtlsTransport* existing = data->FindIdentity<DtlsTransport>(transport.get())) return existing->Value();
  Napi::Object object = data->constructors["DtlsTransport"].New({});
  DtlsTransport* self = Napi::ObjectWrap<DtlsTransport>::Unwrap(object);
  self->shard_ = shard;
  self->SetIdentity(transport.get());
  self->transport_ = transport;
  self->link_ = std::make_shared<Link<DtlsTransport>>(data->funnel);
  self->link_->target = self;
  self->observer_ = std::make_unique<Observer>(self->link_);
  shard->network_thread()->BlockingCall([self] { self->transport_->RegisterObserver(self->observer_.get()); });
  return object;
}

DtlsTransport::DtlsTransport(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<DtlsTransport>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

DtlsTransport::~DtlsTransport() { ReleaseEngineRefs(); }

void DtlsTransport::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (transport_) {
    const bool registered = OwnsIdentity();  // else a newer wrapper's observer is the registered one
    shard_->network_thread()->BlockingCall([this, registered] {
      if (registered) transport_->UnregisterObserver();
      transport_ = nullptr;
    });
  }
  observer_.reset();
}


Napi::Value DtlsTransport::Info(const Napi::CallbackInfo& info) {
  if (!transport_) return info.Env().Null();
  return ToJS(info.Env(), Capture(transport_->Information()));
}

Napi::Value DtlsTransport::IceTransport(const Napi::CallbackInfo& info) {
  if (!transport_) return info.Env().Null();
  auto ice = transport_->ice_transport();
  if (!ice) return info.Env().Null();
  return IceTransport::NewInstance(info.Env(), ice, shard_);
}

}  // namespace nlw
