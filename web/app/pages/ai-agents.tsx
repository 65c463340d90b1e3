import { useState } from "preact/hooks";
import type { AgentAction, AgentStage } from "../../../workers/db/schema-ai-agents";
import type { AiAgentInput, AiAgentView } from "../../../workers/wire/ai-agents";
import { http } from "../../shared/http";
import {
  ActionForm,
  Card,
  ErrorNote,
  Field,
  fieldErrors,
  formValue,
  Loading,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";

const STAGES: Record<AgentStage, string> = {
  pre_sales: "Pre-sales",
  after_sales: "After-sales",
  marketing: "Marketing",
  general: "General",
};
const ACTIONS: Record<AgentAction, string> = {
  order_lookup: "Order status lookup",
  cancel: "Cancel an order",
  refund: "Refund",
  address_change: "Change the shipping address",
};
type Tone = NonNullable<AiAgentInput["tone"]>;
const TONES: Tone[] = ["professional", "friendly", "premium"];

const agentApi = {
  list: () => http<{ agents: AiAgentView[] }>("GET", "/api/ai-agents"),
  create: (body: AiAgentInput) => http<{ agent: AiAgentView }>("POST", "/api/ai-agents", body),
  update: (id: string, body: AiAgentInput) =>
    http<{ agent: AiAgentView }>("PUT", `/api/ai-agents/${id}`, body),
  remove: (id: string) => http<void>("DELETE", `/api/ai-agents/${id}`),
};

const EMPTY: AiAgentInput = {
  name: "",
  stage: "pre_sales",
  tone: null,
  instructions: "",
  knowledgeTags: [],
  allowedActions: [],
  model: "",
};

/** The merchant's AI agents per sales stage: who answers which shopper, from which knowledge, with which actions. */
export function AiAgentsPage() {
  const res = useAsync(() => agentApi.list(), []);
  const [editing, setEditing] = useState<AiAgentView | null>(null);
  // A new key after each save gives the next agent an empty form.
  const [saved, setSaved] = useState(0);
  const remove = useAction(async (id: string) => {
    await agentApi.remove(id);
    if (editing?.id === id) setEditing(null);
    res.reload();
  });
  const agents = res.data?.agents ?? [];
  return (
    <Page title="AI agents">
      <Card>
        <p class="muted">
          Each AI reply comes from one agent, chosen by what the shopper asks: order questions from
          a customer go to after-sales, purchase and product questions and new visitors to
          pre-sales, promotions to marketing, anything else to general (or the persona in AI
          settings). Agents see the whole conversation; the console shows which one spoke.
        </p>
        <ErrorNote error={res.error ?? remove.error} />
        {res.loading && !res.data ? (
          <Loading />
        ) : agents.length === 0 ? (
          <p class="muted">No agents yet: the persona in AI settings answers every shopper.</p>
        ) : (
          <table data-testid="ai-agents">
            <thead>
              <tr>
                <th>Name</th>
                <th>Stage</th>
                <th>Knowledge</th>
                <th>Actions</th>
                <th>Model</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.id}>
                  <td>{a.name}</td>
                  <td>{STAGES[a.stage]}</td>
                  <td>{a.knowledgeTags.length ? a.knowledgeTags.join(", ") : "All entries"}</td>
                  <td>
                    {a.allowedActions.length
                      ? a.allowedActions.map((x) => ACTIONS[x]).join(", ")
                      : "None"}
                  </td>
                  <td>{a.model || "Default"}</td>
                  <td class="row-actions">
                    <button class="btn btn-small" type="button" onClick={() => setEditing(a)}>
                      Edit
                    </button>{" "}
                    <button
                      class="btn btn-small btn-danger"
                      type="button"
                      disabled={remove.busy}
                      aria-label={`Delete ${a.name}`}
                      onClick={() => void remove.run(a.id)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <AgentForm
        key={editing?.id ?? `new-${saved}`}
        agent={editing}
        onSaved={() => {
          setEditing(null);
          setSaved(saved + 1);
          res.reload();
        }}
        onCancel={() => setEditing(null)}
      />
    </Page>
  );
}

/** The fields a PUT takes (the body is strict: no id or times). */
function inputOf(a: AiAgentView): AiAgentInput {
  const { name, stage, tone, instructions, knowledgeTags, allowedActions, model } = a;
  return { name, stage, tone, instructions, knowledgeTags, allowedActions, model };
}

function AgentForm({
  agent,
  onSaved,
  onCancel,
}: {
  agent: AiAgentView | null;
  onSaved(): void;
  onCancel(): void;
}) {
  const [form, setForm] = useState<AiAgentInput>(agent ? inputOf(agent) : EMPTY);
  const [tags, setTags] = useState(agent?.knowledgeTags.join(", ") ?? "");
  const save = useAction(async () => {
    const body = {
      ...form,
      knowledgeTags: tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    };
    if (agent) await agentApi.update(agent.id, body);
    else await agentApi.create(body);
    onSaved();
  });
  const errors = fieldErrors(save.error);
  const set = (patch: Partial<AiAgentInput>) => setForm({ ...form, ...patch });
  const toggle = (a: AgentAction, on: boolean) =>
    set({
      allowedActions: on ? [...form.allowedActions, a] : form.allowedActions.filter((x) => x !== a),
    });
  return (
    <Card title={agent ? `Edit ${agent.name}` : "New agent"}>
      <ActionForm
        action={save}
        submit={agent ? "Save agent" : "Add agent"}
        class="stack"
        after={
          agent && (
            <button class="btn btn-secondary" type="button" onClick={onCancel}>
              Cancel
            </button>
          )
        }
      >
        <div class="row row-fields">
          <Field label="Name" error={errors.name}>
            <input
              name="agent-name"
              required
              maxLength={60}
              value={form.name}
              onInput={(e) => set({ name: formValue(e) })}
            />
          </Field>
          <Field label="Stage" error={errors.stage}>
            <select
              name="agent-stage"
              value={form.stage}
              onChange={(e) => set({ stage: formValue(e) as AgentStage })}
            >
              {Object.entries(STAGES).map(([v, label]) => (
                <option value={v}>{label}</option>
              ))}
            </select>
          </Field>
          <Field label="Tone" error={errors.tone}>
            <select
              name="agent-tone"
              value={form.tone ?? ""}
              onChange={(e) => set({ tone: (formValue(e) || null) as Tone | null })}
            >
              <option value="">As in AI settings</option>
              {TONES.map((t) => (
                <option value={t}>{t[0].toUpperCase() + t.slice(1)}</option>
              ))}
            </select>
          </Field>
        </div>
        <Field
          label="Persona"
          hint="How this agent speaks and what it focuses on; added to the instructions in AI settings."
          error={errors.instructions}
        >
          <textarea
            name="agent-instructions"
            rows={3}
            maxLength={4000}
            value={form.instructions}
            onInput={(e) => set({ instructions: formValue(e) })}
          />
        </Field>
        <div class="row row-fields">
          <Field
            label="Knowledge tags"
            hint="Answers only from knowledge entries with one of these tags (comma-separated); empty = all entries."
            error={errors.knowledgeTags}
          >
            <input
              name="agent-tags"
              value={tags}
              placeholder="products, sizes"
              onInput={(e) => setTags(formValue(e))}
            />
          </Field>
          <Field
            label="Model"
            hint='"provider/model" (e.g. workers-ai/@cf/meta/llama-3.1-8b-instruct); empty = the default.'
            error={errors.model}
          >
            <input
              name="agent-model"
              value={form.model}
              onInput={(e) => set({ model: formValue(e) })}
            />
          </Field>
        </div>
        <fieldset class="fieldset">
          <legend>Store actions this agent may take</legend>
          <div class="checks">
            {(Object.keys(ACTIONS) as AgentAction[]).map((a) => (
              <label class="check" key={a}>
                <input
                  type="checkbox"
                  name={`agent-action-${a}`}
                  checked={form.allowedActions.includes(a)}
                  onChange={(e) => toggle(a, e.currentTarget.checked)}
                />{" "}
                {ACTIONS[a]}
              </label>
            ))}
          </div>
          <p class="muted">Each store's own rules (Stores page) still apply.</p>
        </fieldset>
      </ActionForm>
    </Card>
  );
}
