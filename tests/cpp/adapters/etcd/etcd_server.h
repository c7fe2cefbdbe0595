#pragma once
// EtcdServer: a throw-away single-node etcd for the tests, on free loopback ports with a
// temporary data directory. The constructor starts it and waits until it answers; the destructor
// kills it and removes the directory. kill() and start_again() simulate a crash and a restart;
// start_elsewhere() and return_home() keep it out of reach of its usual clients for a while.
// Tests call EtcdServer::available() first and skip when the etcd binary is not installed.
// Test-thread only.

#include "wingfoil/adapters/etcd/client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace wingfoil::testing {

class EtcdServer {
public:
    /// True when an `etcd` executable is on PATH.
    static bool available() { return std::system("command -v etcd >/dev/null 2>&1") == 0; }

    EtcdServer() {
        dir_ = std::filesystem::temp_directory_path() /
               ("wingfoil_etcd_test_" + std::to_string(::getpid()) + "_" +
                std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        // A port picked here may be taken by someone else before etcd binds it: try again.
        for (int attempt = 0; attempt < 3; ++attempt) {
            auto ports = free_ports();
            client_port_ = ports[0];
            peer_port_ = ports[1];
            if (launch()) {
                return;
            }
        }
        throw std::runtime_error("etcd did not start; see " + (dir_ / "etcd.log").string());
    }

    ~EtcdServer() {
        kill();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    EtcdServer(const EtcdServer&) = delete;
    EtcdServer& operator=(const EtcdServer&) = delete;

    /// "http://127.0.0.1:<port>".
    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(client_port_); }

    /// Stops etcd at once (SIGKILL), as a crash would.
    void kill() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
        }
    }

    /// Starts etcd again on the same ports with the same data.
    void start_again() {
        if (!launch()) {
            throw std::runtime_error("etcd did not restart; see " + (dir_ / "etcd.log").string());
        }
    }

    /// Kills etcd and starts it, with the same data, on another client port: clients of the
    /// usual endpoint cannot reach it until return_home(). endpoint() names the new port.
    void start_elsewhere() {
        kill();
        home_port_ = client_port_;
        client_port_ = free_ports()[0];
        start_again();
    }

    /// Kills etcd and starts it on its usual client port again.
    void return_home() {
        kill();
        client_port_ = home_port_;
        start_again();
    }

private:
    static std::vector<int> free_ports() {
        std::vector<int> fds, ports;
        for (int i = 0; i < 2; ++i) {
            int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
            socklen_t len = sizeof addr;
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
            fds.push_back(fd);
            ports.push_back(ntohs(addr.sin_port));
        }
        for (int fd : fds) {
            ::close(fd);
        }
        return ports;
    }

    bool launch() {
        std::string client = endpoint();
        std::string peer = "http://127.0.0.1:" + std::to_string(peer_port_);
        std::string data = (dir_ / "data").string();
        std::string log = (dir_ / "etcd.log").string();
        std::vector<std::string> args = {"etcd",
                                         "--name", "t",
                                         "--data-dir", data,
                                         "--listen-client-urls", client,
                                         "--advertise-client-urls", client,
                                         "--listen-peer-urls", peer,
                                         "--initial-advertise-peer-urls", peer,
                                         "--initial-cluster", "t=" + peer,
                                         "--initial-cluster-state", "new"};
        std::vector<char*> argv;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        int rc = posix_spawnp(&pid_, "etcd", &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            pid_ = -1;
            return false;
        }
        // Ready when a range answers; give up after 15 s or if etcd exits.
        adapters::etcd::EtcdClient probe(client, std::chrono::milliseconds(500));
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (std::chrono::steady_clock::now() < until) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return false;
            }
            try {
                probe.range_prefix("wingfoil-probe/");
                return true;
            } catch (const std::exception&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        kill();
        return false;
    }

    std::filesystem::path dir_;
    int client_port_ = 0;
    int peer_port_ = 0;
    int home_port_ = 0;
    pid_t pid_ = -1;
};

} // namespace wingfoil::testing

/// Skips the current test when etcd is not installed.
#define WF_REQUIRE_ETCD()                                                                      \
    do {                                                                                       \
        if (!::wingfoil::testing::EtcdServer::available()) {                                   \
            GTEST_SKIP() << "the etcd binary is not installed (Debian package etcd-server)";   \
        }                                                                                      \
    } while (0)
