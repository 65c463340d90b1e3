import { useState } from "preact/hooks";
import { settings } from "../../shared/api";
import type { AiSettings } from "../../shared/api-types";
import { ActionForm, Card, Field, formValue, Notice, useAction } from "../../shared/ui";

type Routing = AiSettings["routing"];
type Task = keyof Routing["tasks"];

const TASKS: [Task, string, string][] = [
  ["answer", "Answer", "workers-ai/@cf/meta/llama-3.1-8b-instruct, openai-compatible/gpt-4o-mini"],
  ["translate", "Translate", "workers-ai/@cf/meta/m2m100-1.2b"],
  ["summarise", "Summarise", "openai-compatible/gpt-4o-mini"],
  ["classify", "Classify", "workers-ai/@cf/huggingface/distilbert-sst-2-int8"],
];

/** "a, b" ⇄ ["a", "b"]; empty = the provider's default chain. */
export const parseChain = (text: string): string[] | undefined => {
  const steps = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return steps.length ? steps : undefined;
};

/**
 * Per task, the models tried in order (each "provider/model"; the built-in engine always comes last) and the
 * monthly budget after which paid models are skipped. Saves the stored settings with only the routing changed.
 */
export function ModelsCard({
  value,
  onSaved,
}: {
  value: Routing;
  onSaved: (routing: Routing) => void;
}) {
  const [chains, setChains] = useState<Record<Task, string>>(
    () =>
      Object.fromEntries(TASKS.map(([t]) => [t, (value.tasks[t] ?? []).join(", ")])) as Record<
        Task,
        string
      >,
  );
  const [budget, setBudget] = useState(value.monthlyBudgetUsd?.toString() ?? "");
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    setSaved(false);
    const routing: Routing = {
      tasks: Object.fromEntries(TASKS.map(([t]) => [t, parseChain(chains[t])])),
      monthlyBudgetUsd: budget.trim() ? Number(budget) : null,
    };
    // Only the routing changes: the rest is the stored settings (secrets stay masked, and kept).
    const current = (await settings.ai()).settings;
    onSaved((await settings.saveAi({ ...current, routing })).settings.routing);
    setSaved(true);
  });
  return (
    <Card title="Models">
      <p class="muted">
        Per task, the models tried in order, each as <code>provider/model</code> (
        <code>workers-ai/…</code>, <code>openai-compatible/…</code> with the server and key above,
        or <code>builtin</code>). A model that fails, times out or answers 429/5xx falls to the
        next; the built-in engine always answers last. Empty: your provider's model.
      </p>
      <ActionForm action={save} submit="Save models" busyLabel="Saving…">
        {TASKS.map(([t, label, example]) => (
          <Field key={t} label={`${label}: models in order`} hint={`e.g. ${example}`}>
            <input
              name={`chain-${t}`}
              value={chains[t]}
              placeholder="your provider's model, then built-in"
              onInput={(e) => {
                setSaved(false);
                setChains({ ...chains, [t]: formValue(e) });
              }}
            />
          </Field>
        ))}
        <Field
          label="Monthly budget (USD)"
          hint="Estimated from tokens × each model's list price. When this month's spend reaches it, paid models are skipped and the built-in engine answers. Empty: no budget."
        >
          <input
            name="budget"
            type="number"
            min={0.01}
            step={0.01}
            value={budget}
            placeholder="no budget"
            onInput={(e) => {
              setSaved(false);
              setBudget(formValue(e));
            }}
          />
        </Field>
        {saved && <Notice kind="success">Models saved.</Notice>}
      </ActionForm>
    </Card>
  );
}
