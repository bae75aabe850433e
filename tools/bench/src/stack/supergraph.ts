/**
 * The supergraph with each subgraph's routing URL replaced (`@join__graph(name: "x", url: "…")`),
 * so a gateway that routes by the supergraph's URLs reaches the bench's subgraphs. Throws when a
 * named subgraph is not in the supergraph.
 */
export function rewriteSubgraphUrls(supergraphSdl: string, urls: Readonly<Record<string, string>>): string {
  let sdl = supergraphSdl;
  for (const [name, url] of Object.entries(urls)) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name.replace(/[^a-zA-Z0-9_-]/g, '')}", url: ")[^"]*(")`);
    if (!pattern.test(sdl)) throw new Error(`subgraph ${name} is not in the supergraph`);
    sdl = sdl.replace(pattern, `$1${url}$2`);
  }
  return sdl;
}
