/**
 * Load generators that drive a running echo server from another JVM: closed-loop pipelined echo
 * that checks every echoed byte, connection churn, and idle connections held open; each prints
 * its figures as one JSON line and marks its measured window.
 */
package dev.sockloop.benchmarks.load;
