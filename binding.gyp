# For tools that expect node-gyp. The build itself is CMakeLists.txt (cmake-js): this target only runs it,
# so there is no second list of sources to keep in step.
{
  "targets": [
    {
      "target_name": "node_libwebrtc",
      "type": "none",
      "actions": [
        {
          "action_name": "cmake_js_build",
          "inputs": ["CMakeLists.txt"],
          "outputs": ["<(module_root_dir)/build/Release/node_libwebrtc.node"],
          "action": ["bash", "<(module_root_dir)/scripts/build-addon.sh", "--gyp"]
        }
      ]
    }
  ]
}
