#include "sctp_transport.h"

#include "dtls_transport.h"
#include "engine.h"

namespace nlw {

namespace {
const char* ToString(webrtc::SctpTransportState state) {
  switch (state) {
    case webrtc::SctpTransportState::kNew:
    case webrtc::SctpTransportState::kConnecting: return "connecting";  // the spec has no "new"
    case webrtc::SctpTransportState::kConnected: return "connected";
    default: return "closed";
  }
}
}  // namespace

Napi::Object ToJS(Napi::Env env, const webrtc::SctpTransportInformation& information) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("state", ToString(information.state()));
  auto size = information.MaxMessageSize();
  object.Set("maxMessageSize", size ? Napi::Number::New(env, *size) : env.Null());
  auto channels = information.MaxChannels();
  object.Set("maxChannels", channels ? Napi::Number::New(env, *channels) : env.Null());
  return object;
}

class SctpTransport::Observer : public webrtc::SctpTransportObserverInterface {
 public:
  explicit Observer(std::shared_ptr<Link<SctpTransport>> link) : link_(std::move(link)) {}
  void OnStateChange(webrtc::SctpTransportInformation information) override {
    Link<SctpTransport>::Post(link_, [information](Napi::Env env, SctpTransport& self) {
      self.Deliver(env, information);
    });
  }

 private:
  std::shared_ptr<Link<SctpTransport>> link_;
};

void SctpTransport::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeSctpTransport",
                                    {
                                        InstanceMethod<&SctpTransport::Info>("info"),
                                        InstanceMethod<&SctpTransport::Transport>("transport"),
                                    });
  AddonData::Get(env)->constructors["SctpTransport"] = Napi::Persistent(ctor);
}

Napi::Object SctpTransport::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::SctpTransportInterface> transport,
                                        Shard* shard, const std::optional<webrtc::SctpTransportInformation>& known) {
  AddonData* data = AddonData::Get(env);
  if (SctpTransport* existing = data->FindIdentity<SctpTransport>(transport.get())) return existing->Value();
  Napi::Object object = data->constructors["SctpTransport"].New({});
  SctpTransport* self = Napi::ObjectWrap<SctpTransport>::Unwrap(object);
  self->shard_ = shard;
  self->SetIdentity(transport.get());
  self->transport_ = transport;
  self->link_ = std::make_shared<Link<SctpTransport>>(data->funnel);
  self->link_->target = self;
  self->observer_ = std::make_unique<Observer>(self->link_);
  shard->network_thread()->BlockingCall([self, &known] {
    self->transport_->RegisterObserver(self->observer_.get());
    webrtc::SctpTransportInformation now = self->transport_->Information();  // on the network thread: no hop
    self->first_info_ = known.value_or(now);
    // A change between the snapshot and this registration (the association may be up by now) is still
    // announced: statechange follows the description's completion, as in Chrome.
    if (std::string(ToString(now.state())) != ToString(self->first_info_->state())) self->observer_->OnStateChange(now);
    self->first_dtls_ = self->transport_->dtls_transport();
  });
  return object;
}

SctpTransport::SctpTransport(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<SctpTransport>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

SctpTransport::~SctpTransport() { ReleaseEngineRefs(); }

void SctpTransport::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (transport_) {
    const bool registered = OwnsIdentity();  // else a newer wrapper's observer is the registered one
    shard_->network_thread()->BlockingCall([this, registered] {
      if (registered) transport_->UnregisterObserver();
      transport_ = nullptr;
      first_info_.reset();  // holds the DTLS transport too
      first_dtls_.reset();
    });
  }
  observer_.reset();
}

void SctpTransport::Deliver(Napi::Env env, const webrtc::SctpTransportInformation& information) {
  CallHandler(Value(), "onstate", {ToJS(env, information)});
}

Napi::Value SctpTransport::Info(const Napi::CallbackInfo& info) {
  if (!transport_) return info.Env().Null();
  if (first_info_) {
    webrtc::SctpTransportInformation first = *first_info_;
    first_info_.reset();
    return ToJS(info.Env(), first);
  }
  return ToJS(info.Env(), transport_->Information());  // Information() hops to the network thread itself
}

Napi::Value SctpTransport::Transport(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transport_) return env.Null();
  rtc::scoped_refptr<webrtc::DtlsTransportInterface> dtls;
  if (first_dtls_) {
    dtls = *first_dtls_;
    first_dtls_.reset();
  } else {
    dtls = shard_->network_thread()->BlockingCall([this] { return transport_->dtls_transport(); });
  }
  if (!dtls) return env.Null();
  return DtlsTransport::NewInstance(env, dtls, shard_);
}

}  // namespace nlw
