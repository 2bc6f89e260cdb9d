/**
 * What a Spring Boot application using Sockloop touches:
 * {@link dev.sockloop.spring.SocketHandler @SocketHandler} to declare a server,
 * {@link dev.sockloop.spring.Codec} and {@link dev.sockloop.spring.Offload} to shape it,
 * {@link dev.sockloop.spring.SocketServerCustomizer} for engine options without a property, and
 * {@link dev.sockloop.spring.SocketServerStartedEvent} and the
 * {@link dev.sockloop.spring.SocketServers} bean (one {@link dev.sockloop.spring.ServerRegistration}
 * per running server) to find the servers (and, through a server, its open connections). Also the
 * application events {@link dev.sockloop.spring.SocketServerStoppedEvent} and, opt-in,
 * {@link dev.sockloop.spring.SocketConnectionOpenedEvent} and
 * {@link dev.sockloop.spring.SocketConnectionClosedEvent}; and the names of the
 * {@code sockloop.connection} observation ({@link dev.sockloop.spring.SocketConnectionObservationConvention})
 * and the per-request hook ({@link dev.sockloop.spring.SocketRequestObservations}). The
 * auto-configuration that reads these, and the
 * {@code sockloop.*} properties, live in {@code dev.sockloop.autoconfigure}.
 */
package dev.sockloop.spring;
