/**
 * The wire log, an opt-in aid for debugging a protocol: {@link
 * dev.sockloop.wirelog.WireLoggingHandler} wraps a handler so that every byte read and written is
 * logged at DEBUG by the logger {@code dev.sockloop.wire.<server>}, rendered as {@link
 * dev.sockloop.wirelog.WireLogFormat} says. Off by default; without it payloads never reach the
 * logs.
 */
package dev.sockloop.wirelog;
