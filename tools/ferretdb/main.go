// Command ferretdb-launcher serves the embedded FerretDB (SQLite backend) on one address.
//
// `go install` of FerretDB's own cmd/ferretdb panics at start-up because its version files are
// generated at release time; the embeddable package has no such need, so we wrap that instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to serve the MongoDB wire protocol on")
	dir := flag.String("dir", ".data/ferretdb", "directory for the SQLite files (one file per database)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: bad -log-level %q\n", *logLevel)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}

	// The SQLite handler wants a file: URI naming a directory, with a trailing slash.
	sqliteURL := (&url.URL{Scheme: "file", Path: abs + "/", OmitHost: true}).String()

	// FerretDB itself listens on a private Unix socket; the public address is served by the proxy
	// that makes single-document writes atomic (proxy.go).
	socketDir, err := os.MkdirTemp("", "ferretdb-launcher-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}
	defer os.RemoveAll(socketDir)
	socket := filepath.Join(socketDir, "ferretdb.sock")

	public, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}

	// Telemetry: the embeddable package never starts the reporter and locks it off (ferretdb.New).
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	p := &proxy{
		upstream: func() (net.Conn, error) { return net.Dial("unix", socket) },
		logger:   logger,
		locks:    map[string]*sync.Mutex{},
	}
	go func() {
		if err := p.serve(public); err != nil {
			logger.Error("proxy stopped", "error", err)
			stop()
		}
	}()
	go func() {
		<-ctx.Done()
		public.Close()
	}()

	// Printed once so scripts can wait for it; both listeners are bound at this point.
	fmt.Printf("ferretdb listening on mongodb://%s/ (sqlite %s)\n", public.Addr(), abs)

	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}
}
