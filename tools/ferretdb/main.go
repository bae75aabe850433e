// Command ferretdb-launcher serves the embedded FerretDB on one address: by default on a private
// PostgreSQL cluster that it creates and starts itself (postgres.go), or on SQLite files.
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
	"runtime"
	"sync"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	// The PostgreSQL child is told to quit when the thread that started it dies (Pdeathsig):
	// start it from the main thread, which lives as long as the process.
	runtime.LockOSThread()

	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to serve the MongoDB wire protocol on")
	handler := flag.String("handler", "postgresql", "FerretDB backend: postgresql or sqlite")
	dir := flag.String("dir", ".data/postgres", "folder of the private PostgreSQL cluster (created on first start), or of the SQLite files")
	pgURL := flag.String("postgresql-url", "", "use this PostgreSQL database instead of starting a private cluster in -dir")
	pgBin := flag.String("postgresql-bin", "", "folder with initdb and postgres (default: the newest /usr/lib/postgresql/*/bin, or PATH)")
	pgPort := flag.Int("postgresql-port", 0, "loopback port of the private cluster (default: a free one)")
	ephemeral := flag.Bool("ephemeral", false, "the folder is thrown away after the run: PostgreSQL without fsync")
	companions := flag.Bool("gin-companions", true, "give FerretDB's btree indexes the GIN companions PostgreSQL can use for its filters (companions.go)")
	serialize := flag.Bool("serialize-writes", true, "serve through the proxy that runs one write command per database at a time (proxy.go); FerretDB's updates are not atomic without it on either backend")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(fmt.Errorf("bad -log-level %q", *logLevel))
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	config := &ferretdb.Config{Logger: logger, Handler: *handler}
	var where string
	var pg *cluster
	switch *handler {
	case "postgresql":
		config.PostgreSQLURL = *pgURL
		where = "postgresql " + redact(*pgURL)
		if *pgURL == "" {
			if pg, err = startCluster(ctx, abs, *pgBin, *pgPort, *ephemeral, *companions, logger); err != nil {
				fail(err)
			}
			defer pg.stop()
			config.PostgreSQLURL = pg.URL()
			where = fmt.Sprintf("postgresql 127.0.0.1:%d %s", pg.port, abs)
			// A postmaster that dies under us leaves FerretDB without storage: stop serving.
			go func() {
				<-pg.exited
				if ctx.Err() == nil {
					logger.Error("PostgreSQL exited")
					stop()
				}
			}()
		}
	case "sqlite":
		if err := os.MkdirAll(abs, 0o755); err != nil {
			fail(err)
		}
		// The SQLite handler wants a file: URI naming a directory, with a trailing slash.
		config.SQLiteURL = (&url.URL{Scheme: "file", Path: abs + "/", OmitHost: true}).String()
		where = "sqlite " + abs
	default:
		fail(fmt.Errorf("unknown -handler %q (postgresql or sqlite)", *handler))
	}

	public, err := net.Listen("tcp", *listen)
	if err != nil {
		fail(err)
	}
	if *serialize {
		// FerretDB listens on a private Unix socket; the public address is served by the proxy.
		socketDir, err := os.MkdirTemp("", "ferretdb-launcher-")
		if err != nil {
			fail(err)
		}
		defer os.RemoveAll(socketDir)
		socket := filepath.Join(socketDir, "ferretdb.sock")
		config.Listener = ferretdb.ListenerConfig{Unix: socket}
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
	} else {
		// FerretDB binds its own listener; the port was only reserved to fail early when it is taken.
		addr := public.Addr().String()
		public.Close()
		config.Listener = ferretdb.ListenerConfig{TCP: addr}
	}

	// Telemetry: the embeddable package never starts the reporter and locks it off (ferretdb.New).
	f, err := ferretdb.New(config)
	if err != nil {
		pg.stop()
		fail(err)
	}

	// Printed once so scripts can wait for it.
	fmt.Printf("ferretdb listening on mongodb://%s/ (%s)\n", public.Addr(), where)

	if err := f.Run(ctx); err != nil {
		pg.stop()
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
	os.Exit(1)
}

// redact drops a password from a connection string before it is printed.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(url)"
	}
	return u.Redacted()
}
