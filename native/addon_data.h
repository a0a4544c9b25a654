// Per-environment state (main thread, each worker thread, each Electron context): no N-API value and no
// libwebrtc object is static. The environment's cleanup hook tears everything down in order.
#pragma once

#include <napi.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "funnel.h"

namespace nlw {

class Engine;
class EngineObject;

// Live engine objects of one environment, shared with the objects themselves so that a wrapper finalized
// after the environment's data (at teardown) can still unregister safely.
struct ObjectRegistry {
  std::map<uint64_t, EngineObject*> objects;
  uint64_t next_id = 1;
  // Identity: one wrapper per libwebrtc object (pc.sctp.transport === sender.transport).
  std::map<const void*, EngineObject*> identities;
};

// A native wrapper that holds libwebrtc references. Registered with its environment so that shutdown
// can release every reference before the engine's threads stop (a proxy released later would block
// forever on a stopped thread).
class EngineObject {
 public:
  // Lower orders are released first: connections close before their channels, senders and tracks.
  enum class ShutdownOrder : int { kConnection = 0, kChild = 1, kSource = 2 };

  EngineObject(Napi::Env env, ShutdownOrder order);
  virtual ~EngineObject();
  EngineObject(const EngineObject&) = delete;
  EngineObject& operator=(const EngineObject&) = delete;

  // JS thread. Drops every libwebrtc reference; later calls on the wrapper see a closed object.
  virtual void ReleaseEngineRefs() = 0;
  uint64_t object_id() const { return object_id_; }
  // Makes this wrapper the one returned for `key` until it is destroyed.
  void SetIdentity(const void* key);
  // Whether this wrapper is still the one for its key. One whose JS object was collected can be finalized
  // after a newer wrapper for the same libwebrtc object registered its own (single) observer there: it must
  // not unregister that one.
  bool OwnsIdentity() const;

 private:
  std::shared_ptr<ObjectRegistry> registry_;
  uint64_t object_id_ = 0;
  const void* identity_ = nullptr;
  ShutdownOrder order_;
  friend struct AddonData;
};

struct AddonData {
  explicit AddonData(Napi::Env env);
  ~AddonData();

  static AddonData* Get(Napi::Env env);

  // The engine starts on first use, so that loading the addon costs nothing.
  Engine& engine();
  bool has_engine() const { return engine_ != nullptr; }
  bool shut_down() const { return shut_down_; }

  // JS thread; idempotent. Releases every engine object, closes the funnel, stops the engine.
  void Shutdown();

  template <typename T>
  T* Find(uint64_t id) const {
    auto it = registry->objects.find(id);
    return it == registry->objects.end() ? nullptr : dynamic_cast<T*>(it->second);
  }

  Napi::Env env;
  std::shared_ptr<Funnel> funnel;
  Napi::FunctionReference error_factory;  // (name, message, detail) => Error, injected by lib/
  std::map<std::string, Napi::FunctionReference> constructors;
  std::shared_ptr<ObjectRegistry> registry = std::make_shared<ObjectRegistry>();

  // The live wrapper of type T for `key`, or nullptr (none, or its JS object is already collected).
  template <typename T>
  T* FindIdentity(const void* key) const {
    auto it = registry->identities.find(key);
    if (it == registry->identities.end()) return nullptr;
    T* wrapper = dynamic_cast<T*>(it->second);
    if (!wrapper || wrapper->Value().IsEmpty()) return nullptr;
    return wrapper;
  }

 private:
  std::unique_ptr<Engine> engine_;
  bool shut_down_ = false;
};

}  // namespace nlw
