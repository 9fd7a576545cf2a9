import type { Metadata } from "next";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/api/openapi";
import { operations } from "@/lib/api/operations";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API reference" };

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-emerald-50 text-emerald-700",
  POST: "bg-brand-50 text-brand-700",
  PATCH: "bg-amber-50 text-amber-800",
  DELETE: "bg-red-50 text-red-700",
};

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters: { name: string; in: string; required: boolean }[];
        requestBody?: unknown;
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
};

/** The /v4 reference, rendered from the same OpenAPI document served at /v4/openapi.json. */
export default async function DocsPage() {
  await requirePageViewer(MANAGER_ROLES);
  const doc = openApiDocument() as unknown as Doc;
  const tags = [...new Set(operations.map((o) => o.tag))];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="page-title">API reference</h1>
          <p className="text-sm text-slate-500">
            meetergo v4 compatible routing API. Send{" "}
            <code className="rounded bg-slate-100 px-1 text-slate-800">Authorization: Bearer &lt;api key&gt;</code> and{" "}
            <code className="rounded bg-slate-100 px-1 text-slate-800">x-meetergo-api-user-id</code> on every call.
          </p>
        </div>
        <a className="btn-secondary" href="/v4/openapi.json" target="_blank" rel="noreferrer">
          OpenAPI 3.1 JSON
        </a>
      </div>
      {tags.map((tag) => (
        <section key={tag} className="card" aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`} className="border-b border-slate-200 px-4 py-3 font-semibold">
            {tag}
          </h2>
          <ul className="divide-y divide-slate-100">
            {operations
              .filter((o) => o.tag === tag)
              .map((op) => {
                const path = op.path.replace(/\[(\w+)\]/g, "{$1}");
                const spec = doc.paths[path][op.method.toLowerCase()];
                return (
                  <li key={`${op.method} ${op.path}`} className="px-4 py-3">
                    <details>
                      <summary className="flex cursor-pointer flex-wrap items-center gap-2">
                        <span className={`badge w-16 justify-center font-mono ${METHOD_STYLE[op.method]}`}>
                          {op.method}
                        </span>
                        <code className="text-sm font-medium break-all">{path}</code>
                        <span className="text-sm text-slate-500">{op.summary}</span>
                      </summary>
                      <div className="mt-3 grid gap-3 text-sm lg:grid-cols-2">
                        <div>
                          <h3 className="mb-1 font-medium">Parameters</h3>
                          {spec.parameters.length === 0 ? (
                            <p className="text-slate-500">None</p>
                          ) : (
                            <ul className="space-y-1">
                              {spec.parameters.map((p) => (
                                <li key={`${p.in}-${p.name}`}>
                                  <code>{p.name}</code>{" "}
                                  <span className="text-slate-500">
                                    ({p.in}
                                    {p.required ? ", required" : ""})
                                  </span>
                                </li>
                              ))}
                            </ul>
                          )}
                          <h3 className="mt-3 mb-1 font-medium">Responses</h3>
                          <p className="text-slate-600">{Object.keys(spec.responses).join(", ")}</p>
                        </div>
                        <div>
                          <h3 className="mb-1 font-medium">{spec.requestBody ? "Request body" : "Response"}</h3>
                          <pre className="max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
                            {JSON.stringify(
                              resolve(spec.requestBody ?? spec.responses[String(op.success.status)], doc),
                              null,
                              2,
                            )}
                          </pre>
                        </div>
                      </div>
                    </details>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Inlines $refs (a few levels deep) so the reader sees the fields, not pointers. */
function resolve(node: unknown, doc: Doc): unknown {
  const schema =
    (node as { content?: Record<string, { schema: unknown }> })?.content?.["application/json"]?.schema ?? node;
  const inline = (n: unknown, depth: number): unknown => {
    if (Array.isArray(n)) return n.map((x) => inline(x, depth));
    if (!n || typeof n !== "object") return n;
    const ref = (n as { $ref?: string }).$ref;
    if (ref && depth < 3) return inline(doc.components.schemas[ref.split("/").pop()!], depth + 1);
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, inline(v, depth)]));
  };
  return inline(schema, 0);
}
