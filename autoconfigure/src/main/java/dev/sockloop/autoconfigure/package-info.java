/**
 * Spring Boot auto-configuration of Sockloop: {@link dev.sockloop.autoconfigure.SockloopAutoConfiguration}
 * creates the shared event loops and the {@code SocketClient}, finds the
 * {@link dev.sockloop.spring.SocketHandler @SocketHandler} beans, adapts their methods to connection
 * handlers and starts one server per handler once the context is refreshed, configured by the
 * {@code sockloop.*} properties bound into {@link dev.sockloop.autoconfigure.SockloopProperties}.
 * Also here: the failure analyzers that turn a port in use or unusable epoll into one clear
 * sentence at start-up. Nothing here is meant to be imported by an application; its types are in
 * {@code dev.sockloop.spring}.
 */
package dev.sockloop.autoconfigure;
