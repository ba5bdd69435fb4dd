// Stand-in for std::ios_base_library_init(), which GCC 13's libstdc++ added (GLIBCXX_3.4.32).
// libLibTorchSharp.so references only this one symbol of that version; on an older libstdc++
// it is enough to construct the standard streams the same way the real function does.
#include <ios>

namespace std {
void ios_base_library_init() {
    static std::ios_base::Init init;
}
}
