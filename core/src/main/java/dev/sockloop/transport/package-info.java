/**
 * The event loops a server or client runs on. {@link dev.sockloop.transport.Transport} chooses how
 * they do socket I/O (Linux epoll through JNA, or the portable NIO selector; {@code
 * Transport.detect()} picks the best available); an {@link dev.sockloop.transport.EventLoopGroup}
 * is a fixed set of loop threads that several servers and clients can share; {@link
 * dev.sockloop.transport.LoopSettingsBuilder} holds the settings the server and client builders
 * have in common (name, group, loop count, transport).
 */
package dev.sockloop.transport;
