// The CUDA simulator's driver API: the functions of libcuda.so.1 that JCuda's natives call for the project's
// CudaBackend (see sim.h for what the simulator is). Error codes are the driver's; a misuse the real driver would
// refuse is refused the same way, with a line on stderr saying what was wrong.
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sim.h"
#include "cuda_emu.h"

namespace cudasim {
dim3 threadIdx_, blockIdx_, blockDim_, gridDim_;
}

// The project's kernels, compiled for the host; their extern "C" names stay inside this library (hidden).
#include "../sandwich_kernels.cu"

namespace cudasim {
namespace {

enum : int {
    SUCCESS = 0,
    INVALID_VALUE = 1,
    OUT_OF_MEMORY = 2,
    NOT_INITIALIZED = 3,
    INVALID_PTX = 218,
    UNSUPPORTED_PTX_VERSION = 222,
    INVALID_HANDLE = 400,
    ILLEGAL_STATE = 401,
    NOT_FOUND = 500,
    NOT_SUPPORTED = 801,
    CAPTURE_UNSUPPORTED = 900,
    CAPTURE_INVALIDATED = 901,
};

bool initialised = false;

// what ran, printed at exit when CUDASIM_STATS is set (tests check that steps really went through graphs)
struct Stats {
    long kernels = 0, captured = 0, graphs = 0, graphLaunches = 0;
    ~Stats() {
        if (getenv("CUDASIM_STATS")) {
            fprintf(stderr, "cudasim: %ld kernels run, %ld launches captured, %ld graphs instantiated, %ld graph"
                    " launches\n", kernels, captured, graphs, graphLaunches);
        }
    }
} stats;

// ---- memory: host pages, each allocation ending at an inaccessible guard page ----

struct Alloc {
    char* base;
    size_t size;
    char* map;
    size_t mapped;
};
std::map<uintptr_t, Alloc> allocs;  // by base address

const Alloc* owner(const void* p) {
    auto it = allocs.upper_bound((uintptr_t) p);
    if (it == allocs.begin()) return nullptr;
    --it;
    const Alloc& a = it->second;
    return (uintptr_t) p < (uintptr_t) a.base + a.size ? &a : nullptr;
}

// ---- kernels: each registered with its parameter sizes and an invoker that unpacks cuLaunchKernel's params ----

template <typename... A>
struct Sig {
    static std::vector<size_t> sizes() { return {sizeof(A)...}; }
    template <void (*K)(A...), size_t... I>
    static void call(void** p, std::index_sequence<I...>) {
        K(*static_cast<A*>(p[I])...);
    }
    template <void (*K)(A...)>
    static void invoke(void** p) {
        call<K>(p, std::index_sequence_for<A...>{});
    }
};
template <typename... A>
Sig<A...> sigOf(void (*)(A...));

struct Kernel {
    const char* name;
    bool syncs;  // calls __syncthreads: its threads run as fibers
    std::vector<size_t> sizes;
    void (*invoke)(void**);
};

#define KERNEL(k, syncs) \
    Kernel { #k, syncs, decltype(sigOf(k))::sizes(), &decltype(sigOf(k))::template invoke<k> }

const std::vector<Kernel>& registry() {
    static const std::vector<Kernel> all = {
        KERNEL(counter_set, false),  KERNEL(counter_add, false),         KERNEL(fill, false),
        KERNEL(add_bias, false),     KERNEL(relu_backward, false),       KERNEL(bias_grad, true),
        KERNEL(shuffle, false),      KERNEL(dropout, false),             KERNEL(multiply, false),
        KERNEL(loss_grad, true),     KERNEL(sum_parts, true),            KERNEL(count_correct, true),
        KERNEL(adam_tick, false),    KERNEL(adam, false),                KERNEL(gather_dense, true),
        KERNEL(gather_csr_padded, false), KERNEL(count_nonfinite, false), KERNEL(transpose, false),
    };
    return all;
}

// ---- running a grid: threads one after another, or as fibers stepped from barrier to barrier ----

const Kernel* running = nullptr;
bool inFibers = false;

// A fiber switch without a system call. swapcontext saves and restores the signal mask, an rt_sigprocmask system
// call on every switch, which dominated the simulator's time on machines where system calls are slow (page-table
// isolation); a kernel needs only the callee-saved registers, the stack pointer and the SSE / x87 control words.
// cudasim_switch(&save, to) stores the current stack pointer in save and continues the fiber whose stack pointer is
// to. Other architectures keep ucontext.
#if defined(__x86_64__)
extern "C" void cudasim_switch(void** save, void* to);
asm(R"(
    .pushsection .text
    .p2align 4
    .hidden cudasim_switch
    .type cudasim_switch, @function
cudasim_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size cudasim_switch, .-cudasim_switch
    .popsection
)");
#endif

struct Fiber {
#if defined(__x86_64__)
    void* sp;
#else
    ucontext_t ctx;
#endif
    dim3 idx;
    bool done;
};
std::vector<Fiber> fibers;
std::vector<char> stacks;
constexpr size_t STACK = 64 * 1024;
Fiber* current = nullptr;
void** currentParams = nullptr;

#if defined(__x86_64__)
void* scheduler;

[[noreturn]] void fiberMain() {
    running->invoke(currentParams);
    current->done = true;
    cudasim_switch(&current->sp, scheduler);  // never resumed
    abort();
}

// A new fiber's stack, as cudasim_switch leaves a suspended one: the control words, six callee-saved registers,
// then fiberMain as the return address, above it a zero return address of its own (16-byte aligned as after a call).
void startFiber(Fiber& f, char* stack) {
    uintptr_t top = ((uintptr_t) (stack + STACK)) & ~(uintptr_t) 15;
    uint64_t* sp = (uint64_t*) (top - 72);
    uint32_t mxcsr;
    uint16_t fpucw;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("fnstcw %0" : "=m"(fpucw));
    memset(sp, 0, 72);
    memcpy(sp, &mxcsr, 4);
    memcpy((char*) sp + 4, &fpucw, 2);
    sp[7] = (uint64_t) (uintptr_t) &fiberMain;
    f.sp = sp;
}

void resumeFiber(Fiber& f) { cudasim_switch(&scheduler, f.sp); }

void yieldFiber() { cudasim_switch(&current->sp, scheduler); }
#else
ucontext_t scheduler;

void fiberMain() {
    running->invoke(currentParams);
    current->done = true;  // returns to uc_link, the scheduler
}

void startFiber(Fiber& f, char* stack) {
    getcontext(&f.ctx);
    f.ctx.uc_stack.ss_sp = stack;
    f.ctx.uc_stack.ss_size = STACK;
    f.ctx.uc_link = &scheduler;
    makecontext(&f.ctx, fiberMain, 0);
}

void resumeFiber(Fiber& f) { swapcontext(&scheduler, &f.ctx); }

void yieldFiber() { swapcontext(&current->ctx, &scheduler); }
#endif

void runBlockAsFibers(void** params, dim3 block) {
    size_t n = (size_t) block.x * block.y * block.z;
    fibers.assign(n, Fiber{});
    if (stacks.size() < n * STACK) stacks.resize(n * STACK);
    size_t i = 0;
    for (unsigned z = 0; z < block.z; z++)
        for (unsigned y = 0; y < block.y; y++)
            for (unsigned x = 0; x < block.x; x++, i++) {
                fibers[i].idx = dim3{x, y, z};
                startFiber(fibers[i], stacks.data() + i * STACK);
            }
    currentParams = params;
    inFibers = true;
    for (bool alive = true; alive;) {
        alive = false;
        for (Fiber& f : fibers) {
            if (f.done) continue;
            current = &f;
            threadIdx = f.idx;
            resumeFiber(f);
            alive |= !f.done;
        }
    }
    inFibers = false;
}

void runGrid(const Kernel& k, dim3 grid, dim3 block, void** params) {
    stats.kernels++;
    running = &k;
    gridDim = grid;
    blockDim = block;
    for (unsigned bz = 0; bz < grid.z; bz++)
        for (unsigned by = 0; by < grid.y; by++)
            for (unsigned bx = 0; bx < grid.x; bx++) {
                blockIdx = dim3{bx, by, bz};
                if (k.syncs) {
                    runBlockAsFibers(params, block);
                    continue;
                }
                for (unsigned z = 0; z < block.z; z++)
                    for (unsigned y = 0; y < block.y; y++)
                        for (unsigned x = 0; x < block.x; x++) {
                            threadIdx = dim3{x, y, z};
                            k.invoke(params);
                        }
            }
    running = nullptr;
}

// ---- modules, graphs ----

struct Module {
    std::set<std::string> entries;
};
struct Graph {
    std::vector<Op> ops;
};
std::set<Stream*> streams;

// The legacy default stream (handle 0). Work on any stream is held back until the host waits for that stream:
// the latest a GPU could run it, so that a missing wait shows as stale or unset data. The driver's "synchronous"
// memset and pageable host-to-device copy are legacy-stream work that may still be in flight when they return, and
// a stream created CU_STREAM_NON_BLOCKING (the backend's) is not ordered with the legacy stream: a kernel on it
// reading memory zeroed or filled that way sees the allocation's garbage, as it may on a GPU.
Stream legacy;

Stream* resolve(Stream* s) { return s ? s : &legacy; }

void flush(Stream* s) {
    std::vector<Op> ops;
    ops.swap(s->pending);
    for (Op& op : ops) op();
}

// what the legacy stream waits for before its own work: itself and every blocking stream
void flushLegacy() {
    for (Stream* s : streams)
        if (s->blocking) flush(s);
    flush(&legacy);
}

void flushAll() {
    for (Stream* s : streams) flush(s);
    flush(&legacy);
}
std::set<Module*> modules;
std::set<Graph*> graphs;
std::set<Graph*> execs;
int globalCaptures = 0;


// The .entry signatures of a PTX text: name -> parameter sizes in bytes.
bool parsePtx(const char* ptx, std::map<std::string, std::vector<size_t>>& out, int& major, int& minor) {
    const char* v = strstr(ptx, ".version ");
    if (!v || sscanf(v, ".version %d.%d", &major, &minor) != 2) return false;
    for (const char* e = strstr(ptx, ".entry "); e; e = strstr(e + 1, ".entry ")) {
        const char* name = e + 7;
        const char* open = strchr(name, '(');
        const char* close = open ? strchr(open, ')') : nullptr;
        if (!open || !close) return false;
        std::string n(name, open - name);
        while (!n.empty() && (n.back() == ' ' || n.back() == '\n' || n.back() == '\t')) n.pop_back();
        std::vector<size_t> sizes;
        for (const char* p = strstr(open, ".param ."); p && p < close; p = strstr(p + 1, ".param .")) {
            char type[8] = {0};
            if (sscanf(p, ".param .%7s", type) != 1) return false;
            sizes.push_back((size_t) atoi(type + 1) / 8);
        }
        out[n] = sizes;
    }
    return true;
}

const Kernel* kernelNamed(const std::string& name) {
    for (const Kernel& k : registry())
        if (name == k.name) return &k;
    return nullptr;
}

}  // namespace

void complain(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("cudasim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void syncthreads() {
    if (!inFibers) {
        complain("kernel %s calls __syncthreads, but the simulator's registry runs it without fibers",
                 running ? running->name : "?");
        abort();
    }
    yieldFiber();
    threadIdx = current->idx;
}

void enqueue(Stream* s, Op op) {
    Stream* t = resolve(s);
    if (t->capturing) {
        t->ops.push_back(std::move(op));
        return;
    }
    if (t == &legacy) flushLegacy();  // legacy work runs after the blocking streams' earlier work
    t->pending.push_back(std::move(op));
}

bool inside(const void* p, size_t bytes, const char* what) {
    const Alloc* a = owner(p);
    if (a && (uintptr_t) p + bytes <= (uintptr_t) a->base + a->size) return true;
    complain("%s: %p + %zu bytes is outside every allocation%s", what, p, bytes,
             a ? " (it starts inside one but runs past its end)" : "");
    return false;
}

bool unsafeDuringCapture(const char* what) {
    if (globalCaptures == 0) return false;
    complain("%s while a stream is being captured in global mode: not permitted, the capture is invalidated", what);
    for (Stream* s : streams)
        if (s->capturing) s->invalidated = true;
    return true;
}

}  // namespace cudasim

using namespace cudasim;

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef void* CUcontext;
typedef Stream* CUstream;
typedef Module* CUmodule;
typedef const Kernel* CUfunction;
typedef Graph* CUgraph;
typedef Graph* CUgraphExec;

#define NEED_INIT() \
    if (!initialised) return NOT_INITIALIZED

SIM_API CUresult cuInit(unsigned flags) {
    if (flags != 0) return INVALID_VALUE;
    initialised = true;
    return SUCCESS;
}

SIM_API CUresult cuDriverGetVersion(int* v) {
    if (!v) return INVALID_VALUE;
    *v = 12000;  // the oldest driver the committed PTX (ISA 8.0) must load on
    return SUCCESS;
}

SIM_API CUresult cuDeviceGetCount(int* n) {
    NEED_INIT();
    if (!n) return INVALID_VALUE;
    *n = 1;
    return SUCCESS;
}

SIM_API CUresult cuDeviceGet(CUdevice* d, int ordinal) {
    NEED_INIT();
    if (!d || ordinal != 0) return INVALID_VALUE;
    *d = 0;
    return SUCCESS;
}

SIM_API CUresult cuDeviceGetName(char* name, int len, CUdevice d) {
    NEED_INIT();
    if (!name || len <= 0 || d != 0) return INVALID_VALUE;
    snprintf(name, (size_t) len, "%s", "sandwich cudasim (a CPU simulator of the CUDA driver, no GPU)");
    return SUCCESS;
}

SIM_API CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice d) {
    NEED_INIT();
    if (!value || d != 0) return INVALID_VALUE;
    *value = attribute == 75 ? 9 : 0;  // compute capability 9.0
    return SUCCESS;
}

SIM_API CUresult cuDevicePrimaryCtxRetain(CUcontext* c, CUdevice d) {
    NEED_INIT();
    if (!c || d != 0) return INVALID_VALUE;
    static int context;
    *c = &context;
    return SUCCESS;
}

SIM_API CUresult cuDevicePrimaryCtxRelease_v2(CUdevice d) { return d == 0 ? SUCCESS : INVALID_VALUE; }

SIM_API CUresult cuCtxSetCurrent(CUcontext) { return SUCCESS; }

SIM_API CUresult cuCtxSynchronize() {
    if (unsafeDuringCapture("cuCtxSynchronize")) return CAPTURE_UNSUPPORTED;
    flushAll();
    return SUCCESS;
}

SIM_API CUresult cuStreamCreate(CUstream* s, unsigned flags) {
    NEED_INIT();
    if (!s || flags > 1) return INVALID_VALUE;
    *s = new Stream();
    (*s)->blocking = flags == 0;
    streams.insert(*s);
    return SUCCESS;
}

SIM_API CUresult cuStreamDestroy_v2(CUstream s) {
    if (!streams.count(s)) return INVALID_HANDLE;
    if (s->capturing) return ILLEGAL_STATE;
    flush(s);  // destroying a stream lets its queued work finish
    streams.erase(s);
    delete s;
    return SUCCESS;
}

SIM_API CUresult cuStreamSynchronize(CUstream s) {
    if (s && !streams.count(s)) return INVALID_HANDLE;
    if (s && s->capturing) {
        complain("cuStreamSynchronize on a stream being captured: not permitted, the capture is invalidated");
        s->invalidated = true;
        return CAPTURE_UNSUPPORTED;
    }
    if (unsafeDuringCapture("cuStreamSynchronize")) return CAPTURE_UNSUPPORTED;
    if (s) {
        flush(s);
    } else {
        flushLegacy();
    }
    return SUCCESS;
}

SIM_API CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) {
    NEED_INIT();
    if (!p || bytes == 0) return INVALID_VALUE;
    if (unsafeDuringCapture("cuMemAlloc")) return CAPTURE_UNSUPPORTED;
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    size_t size = (bytes + 15) / 16 * 16;
    size_t data = (size + page - 1) / page * page;
    char* map = (char*) mmap(nullptr, data + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return OUT_OF_MEMORY;
    mprotect(map + data, page, PROT_NONE);
    char* base = map + data - size;
    memset(base, 0xFF, size);  // device memory starts as garbage: NaN floats, -1 ints
    allocs[(uintptr_t) base] = Alloc{base, size, map, data + page};
    *p = (CUdeviceptr) (uintptr_t) base;
    return SUCCESS;
}

SIM_API CUresult cuMemFree_v2(CUdeviceptr p) {
    if (unsafeDuringCapture("cuMemFree")) return CAPTURE_UNSUPPORTED;
    flushAll();  // cuMemFree synchronises the device
    auto it = allocs.find((uintptr_t) p);
    if (it == allocs.end()) {
        complain("cuMemFree of %p, which is not the start of an allocation", (void*) (uintptr_t) p);
        return INVALID_VALUE;
    }
    if (inBlasWorkspace((uintptr_t) p)) {
        // cuBLAS may still use it until cublasDestroy; a real driver frees it and the library's next use is undefined
        complain("cuMemFree of %p, the workspace of a live cuBLAS handle: cublasDestroy it first", (void*) (uintptr_t) p);
        abort();
    }
    munmap(it->second.map, it->second.mapped);
    allocs.erase(it);
    return SUCCESS;
}

namespace {
Op memsetOp(CUdeviceptr p, unsigned char value, size_t n) {
    return [p, value, n] { memset((void*) (uintptr_t) p, value, n); };
}

// the host bytes are taken now (staged), as the driver does for pageable memory; they land when the op runs
Op stagedCopyOp(CUdeviceptr dst, const void* src, size_t n) {
    std::vector<char> staged((const char*) src, (const char*) src + n);
    return [dst, staged] { memcpy((void*) (uintptr_t) dst, staged.data(), staged.size()); };
}
}  // namespace

SIM_API CUresult cuMemsetD8_v2(CUdeviceptr p, unsigned char value, size_t n) {
    if (unsafeDuringCapture("cuMemsetD8")) return CAPTURE_UNSUPPORTED;
    if (!inside((void*) (uintptr_t) p, n, "cuMemsetD8")) return INVALID_VALUE;
    enqueue(nullptr, memsetOp(p, value, n));
    return SUCCESS;
}

SIM_API CUresult cuMemsetD8Async(CUdeviceptr p, unsigned char value, size_t n, CUstream s) {
    if (s && !streams.count(s)) return INVALID_HANDLE;
    if (!inside((void*) (uintptr_t) p, n, "cuMemsetD8Async")) return INVALID_VALUE;
    enqueue(s, memsetOp(p, value, n));
    return SUCCESS;
}

SIM_API CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t n) {
    if (unsafeDuringCapture("cuMemcpyHtoD")) return CAPTURE_UNSUPPORTED;
    if (!src || !inside((void*) (uintptr_t) dst, n, "cuMemcpyHtoD destination")) return INVALID_VALUE;
    enqueue(nullptr, stagedCopyOp(dst, src, n));
    return SUCCESS;
}

SIM_API CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t n, CUstream s) {
    if (s && !streams.count(s)) return INVALID_HANDLE;
    if (s && s->capturing) {
        complain("cuMemcpyHtoDAsync from pageable host memory into a captured stream: not something the backend does");
        s->invalidated = true;
        return CAPTURE_UNSUPPORTED;
    }
    if (!src || !inside((void*) (uintptr_t) dst, n, "cuMemcpyHtoDAsync destination")) return INVALID_VALUE;
    enqueue(s, stagedCopyOp(dst, src, n));
    return SUCCESS;
}

SIM_API CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t n) {
    if (unsafeDuringCapture("cuMemcpyDtoH")) return CAPTURE_UNSUPPORTED;
    if (!dst || !inside((void*) (uintptr_t) src, n, "cuMemcpyDtoH source")) return INVALID_VALUE;
    flushLegacy();  // a legacy-stream copy: after the work it is ordered with, not after a non-blocking stream's
    memcpy(dst, (void*) (uintptr_t) src, n);
    return SUCCESS;
}

SIM_API CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t n, CUstream s) {
    if (s && !streams.count(s)) return INVALID_HANDLE;
    if (!inside((void*) (uintptr_t) dst, n, "cuMemcpyDtoDAsync destination") ||
        !inside((void*) (uintptr_t) src, n, "cuMemcpyDtoDAsync source"))
        return INVALID_VALUE;
    enqueue(s, [dst, src, n] { memmove((void*) (uintptr_t) dst, (void*) (uintptr_t) src, n); });
    return SUCCESS;
}

namespace {
// the reason a load was refused, for cuModuleLoadDataEx's JIT error log
char refusedWhy[512];

#define REFUSE(code, ...) \
    do { \
        snprintf(refusedWhy, sizeof refusedWhy, __VA_ARGS__); \
        complain("%s", refusedWhy); \
        return code; \
    } while (0)

CUresult loadModule(CUmodule* m, const void* image) {
    refusedWhy[0] = 0;
    if (!m || !image) return INVALID_VALUE;
    // CUDASIM_REFUSE_PTX plays a driver whose JIT compiler refuses the PTX, with its reason in the error log
    if (getenv("CUDASIM_REFUSE_PTX")) REFUSE(INVALID_PTX, "ptxas fatal: planted refusal (CUDASIM_REFUSE_PTX)");
    std::map<std::string, std::vector<size_t>> entries;
    int major = 0, minor = 0;
    if (!parsePtx((const char*) image, entries, major, minor)) {
        REFUSE(INVALID_PTX, "cuModuleLoadData: the image is not PTX text with a .version line and .entry signatures");
    }
    if (major > 8 || (major == 8 && minor > 0)) {
        REFUSE(UNSUPPORTED_PTX_VERSION, "cuModuleLoadData: PTX ISA %d.%d is newer than a CUDA 12.0 driver accepts"
               " (8.0)", major, minor);
    }
    Module* mod = new Module();
    for (auto& [name, sizes] : entries) {
        const Kernel* k = kernelNamed(name);
        if (!k) {
            delete mod;
            REFUSE(INVALID_PTX, "cuModuleLoadData: the PTX has kernel %s, which the simulator was not built with",
                   name.c_str());
        }
        if (k->sizes != sizes) {
            delete mod;
            REFUSE(INVALID_PTX, "cuModuleLoadData: kernel %s takes %zu parameters in the PTX and %zu (or other sizes)"
                   " in sandwich_kernels.cu: the PTX is stale, run native/build-ptx.sh",
                   name.c_str(), sizes.size(), k->sizes.size());
        }
        mod->entries.insert(name);
    }
    modules.insert(mod);
    *m = mod;
    return SUCCESS;
}
}  // namespace

SIM_API CUresult cuModuleLoadData(CUmodule* m, const void* image) {
    NEED_INIT();
    return loadModule(m, image);
}

/** As cuModuleLoadData; of the JIT options, the error log buffer and its size are honoured, the others ignored. */
SIM_API CUresult cuModuleLoadDataEx(CUmodule* m, const void* image, unsigned n, const int* options, void** values) {
    NEED_INIT();
    if (n && (!options || !values)) return INVALID_VALUE;
    char* log = nullptr;
    size_t bytes = 0;
    for (unsigned i = 0; i < n; i++) {
        if (options[i] == 5) log = (char*) values[i];                  // CU_JIT_ERROR_LOG_BUFFER
        if (options[i] == 6) bytes = (size_t) (uintptr_t) values[i];  // CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
    }
    CUresult r = loadModule(m, image);
    if (log && bytes) snprintf(log, bytes, "%s", refusedWhy);
    return r;
}

SIM_API CUresult cuModuleGetFunction(CUfunction* f, CUmodule m, const char* name) {
    // with lazy module loading (CUDA 12.2's default) this loads the function, which drivers before 12.3 refuse
    // inside a capture; the simulator refuses it always, so a backend that resolves kernels late fails here
    if (unsafeDuringCapture("cuModuleGetFunction")) return CAPTURE_UNSUPPORTED;
    if (!f || !name) return INVALID_VALUE;
    if (!modules.count(m)) return INVALID_HANDLE;
    if (!m->entries.count(name)) return NOT_FOUND;
    *f = kernelNamed(name);
    return SUCCESS;
}

SIM_API CUresult cuModuleUnload(CUmodule m) {
    flushAll();  // queued launches of its kernels still need it
    return release(modules, m, INVALID_HANDLE);
}

SIM_API CUresult cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                                unsigned bz, unsigned shared, CUstream s, void** params, void** extra) {
    if (!f || !kernelNamed(f->name)) return INVALID_HANDLE;
    if (s && !streams.count(s)) return INVALID_HANDLE;
    if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || (size_t) bx * by * bz > 1024 || shared ||
        extra) {
        complain("cuLaunchKernel %s: grid %ux%ux%u, block %ux%ux%u, %u bytes shared: not a launch the backend makes",
                 f->name, gx, gy, gz, bx, by, bz, shared);
        return INVALID_VALUE;
    }
    if (!f->sizes.empty() && !params) return INVALID_VALUE;
    // the parameter values are copied now, as the driver does (a captured launch keeps them)
    std::vector<size_t> offsets;
    size_t total = 0;
    for (size_t size : f->sizes) {
        total = (total + 7) / 8 * 8;
        offsets.push_back(total);
        total += size;
    }
    std::vector<uint64_t> copy((total + 7) / 8 + 1);
    for (size_t i = 0; i < f->sizes.size(); i++) memcpy((char*) copy.data() + offsets[i], params[i], f->sizes[i]);
    dim3 grid{gx, gy, gz}, block{bx, by, bz};
    if (s && s->capturing) stats.captured++;
    enqueue(s, [f, grid, block, copy, offsets]() mutable {
        std::vector<void*> ptrs;
        for (size_t off : offsets) ptrs.push_back((char*) copy.data() + off);
        runGrid(*f, grid, block, ptrs.data());
    });
    return SUCCESS;
}

SIM_API CUresult cuStreamBeginCapture_v2(CUstream s, int mode) {
    if (!s) {
        complain("cuStreamBeginCapture on the legacy default stream: not permitted");
        return CAPTURE_UNSUPPORTED;
    }
    if (!streams.count(s)) return INVALID_HANDLE;
    if (s->capturing || mode < 0 || mode > 2) return ILLEGAL_STATE;
    s->capturing = true;
    s->invalidated = false;
    s->mode = mode;
    s->ops.clear();
    if (mode == 0) globalCaptures++;
    return SUCCESS;
}

SIM_API CUresult cuStreamEndCapture(CUstream s, CUgraph* g) {
    if (!g) return INVALID_VALUE;
    if (!s || !streams.count(s)) return INVALID_HANDLE;
    if (!s->capturing) return ILLEGAL_STATE;
    s->capturing = false;
    if (s->mode == 0) globalCaptures--;
    std::vector<Op> ops;
    ops.swap(s->ops);
    if (s->invalidated) {
        *g = nullptr;
        return CAPTURE_INVALIDATED;
    }
    Graph* graph = new Graph{std::move(ops)};
    graphs.insert(graph);
    *g = graph;
    return SUCCESS;
}

SIM_API CUresult cuGraphInstantiateWithFlags(CUgraphExec* e, CUgraph g, unsigned long long flags) {
    if (!e || flags != 0) return INVALID_VALUE;
    if (!graphs.count(g)) return INVALID_HANDLE;
    // CUDASIM_FAIL_CAPTURE plays a driver that cannot instantiate what was captured
    if (getenv("CUDASIM_FAIL_CAPTURE")) return NOT_SUPPORTED;
    Graph* exec = new Graph{g->ops};
    execs.insert(exec);
    stats.graphs++;
    *e = exec;
    return SUCCESS;
}

SIM_API CUresult cuGraphLaunch(CUgraphExec e, CUstream s) {
    if (!execs.count(e)) return INVALID_HANDLE;
    if (s && !streams.count(s)) return INVALID_HANDLE;
    stats.graphLaunches++;
    enqueue(s, [e] {
        for (Op& op : e->ops) op();
    });
    return SUCCESS;
}

SIM_API CUresult cuGraphExecDestroy(CUgraphExec e) { return release(execs, e, INVALID_HANDLE); }

SIM_API CUresult cuGraphDestroy(CUgraph g) { return release(graphs, g, INVALID_VALUE); }
