/**
 * UDP servers on the same event loops as the TCP ones: {@link dev.sockloop.datagram.DatagramServer}
 * built with {@link dev.sockloop.datagram.DatagramServer#builder()}, a
 * {@link dev.sockloop.datagram.DatagramSocketHandler} that maps the {@code Flux} of
 * {@link dev.sockloop.datagram.Datagram}s one socket receives to the datagrams it sends. On epoll
 * each loop has its own socket bound to the port with {@code SO_REUSEPORT}, read and written with
 * {@code recvmmsg} and {@code sendmmsg}; the NIO transport uses {@code DatagramChannel}s.
 */
package dev.sockloop.datagram;
