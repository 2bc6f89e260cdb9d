/**
 * The engine side of a connection: {@code LoopConnection}, the rules of a connection's life on its
 * loop (demand-driven reads, a write queue gathered into one syscall per loop iteration with high
 * and low water marks, idle, read and write timeouts, one close for one reason), its inbound
 * publisher, the subscriber that feeds a send into the write queue, and the settings a connection
 * takes from its server. Each transport subclasses {@code LoopConnection} to move the bytes. Not
 * API, may change without notice: only Sockloop's own modules may use it.
 */
package dev.sockloop.internal.connection;
