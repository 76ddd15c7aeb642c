// Bytes inside an anonymous mapping between two inaccessible pages, for the tests that prove a
// kernel reads and writes nothing outside its buffers: an access past either end faults.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <system_error>

namespace tc::kernel_test {

// `bytes` bytes, followed by `readable_after` bytes that a kernel may read past them (its
// documented overread; 0 where none may be read), touching one guard page: kFront, the first
// byte follows the first guard page; kBack, the last readable byte precedes the second.
class GuardedBytes {
  public:
    enum Placement { kFront, kBack };

    GuardedBytes(size_t bytes, Placement placement, size_t readable_after = 0) {
        const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        const size_t inside = (bytes + readable_after + page - 1) / page * page;
        size_ = inside + 2 * page;
        void* mapping =
            mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapping == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap");
        mapping_ = static_cast<uint8_t*>(mapping);
        if (mprotect(mapping_, page, PROT_NONE) != 0 ||
            mprotect(mapping_ + page + inside, page, PROT_NONE) != 0) {
            const int error = errno;
            munmap(mapping_, size_);
            throw std::system_error(error, std::generic_category(), "mprotect");
        }
        data_ = placement == kFront ? mapping_ + page
                                    : mapping_ + page + inside - readable_after - bytes;
    }
    ~GuardedBytes() { munmap(mapping_, size_); }
    GuardedBytes(const GuardedBytes&) = delete;
    GuardedBytes& operator=(const GuardedBytes&) = delete;

    uint8_t* data() const { return data_; }

  private:
    uint8_t* mapping_ = nullptr;
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace tc::kernel_test
