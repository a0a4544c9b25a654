#include "addon_data.h"

#include <cstdlib>
#include <vector>

#include "engine.h"
#include "errors.h"

namespace nlw {

EngineObject::EngineObject(Napi::Env env, ShutdownOrder order) : order_(order) {
  if (AddonData* data = AddonData::Get(env)) {
    registry_ = data->registry;
    object_id_ = registry_->next_id++;
    registry_->objects[object_id_] = this;
  }
}

EngineObject::~EngineObject() {
  if (!registry_) return;
  registry_->objects.erase(object_id_);
  auto it = registry_->identities.find(identity_);
  if (identity_ && it != registry_->identities.end() && it->second == this) registry_->identities.erase(it);
}

bool EngineObject::OwnsIdentity() const {
  if (!registry_ || !identity_) return true;
  auto it = registry_->identities.find(identity_);
  return it != registry_->identities.end() && it->second == this;
}

void EngineObject::SetIdentity(const void* key) {
  identity_ = key;
  if (registry_) registry_->identities[key] = this;
}

AddonData::AddonData(Napi::Env env) : env(env), funnel(Funnel::Create(env)) {}

AddonData::~AddonData() { Shutdown(); }

AddonData* AddonData::Get(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

Engine& AddonData::engine() {
  if (shut_down_) ThrowError(env, "InvalidStateError", "node-libwebrtc has shut down in this environment");
  if (!engine_) {
    std::string error;
    const char* shards = getenv("NODE_LIBWEBRTC_NETWORK_THREADS");
    engine_ = Engine::Create(funnel, shards ? atoi(shards) : 0, &error);
    if (!engine_) ThrowError(env, "OperationError", "Could not start libwebrtc: " + error);
  }
  return *engine_;
}

void AddonData::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  for (int order = 0; order <= static_cast<int>(EngineObject::ShutdownOrder::kSource); ++order) {
    std::vector<EngineObject*> batch;
    for (auto& [id, object] : registry->objects) {
      if (static_cast<int>(object->order_) == order) batch.push_back(object);
    }
    for (EngineObject* object : batch) object->ReleaseEngineRefs();
  }
  funnel->Close();
  // From inside a funnel task, the tasks of its batch still hold libwebrtc objects whose destructors need
  // the engine's threads: the engine stops after them.
  std::shared_ptr<Engine> engine(std::move(engine_));
  funnel->AfterDrain([engine]() mutable { engine.reset(); });
}

}  // namespace nlw
