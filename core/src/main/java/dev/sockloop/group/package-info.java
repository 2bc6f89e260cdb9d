/**
 * Sending one message to many connections. A {@link dev.sockloop.group.ConnectionGroup} holds open
 * connections (members leave it when they close) and broadcasts to them, each member bounded by a
 * {@link dev.sockloop.group.SlowMemberPolicy} so that one slow client neither holds back the others
 * nor grows memory without bound.
 */
package dev.sockloop.group;
