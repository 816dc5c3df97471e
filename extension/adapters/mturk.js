// Amazon Mechanical Turk's worker site (worker.mturk.com): the task queue (/tasks), search
// results and the project list (/projects), a requester's projects
// (/requesters/<id>/projects) and the task page (/projects/<id>/tasks/<id>).
//
// The site renders React components from server-given JSON in `data-react-props`; rows
// then link the requester's name to /requesters/<id>/projects. A badge goes after each
// such link; a component about a single requester that has no such link (the task page's
// requester detail, a requester's own project list) gets one badge before it.
"use strict";

globalThis.LanternAdapter = (() => {
  const ID = /^A[A-Z0-9]{9,63}$/;
  const REQUESTER_LINK = /\/requesters\/(A[A-Z0-9]{9,63})(?:[/?#]|$)/;
  const REWARD = /\$\s*(\d+(?:\.\d+)?)/;

  function props(element) {
    try {
      return JSON.parse(element.getAttribute("data-react-props"));
    } catch {
      return null;
    }
  }

  // Every task-like object in a component's props: {id, name, title, reward}.
  function tasksIn(value, found = [], depth = 0) {
    if (!value || typeof value !== "object" || depth > 8) return found;
    if (Array.isArray(value)) {
      for (const entry of value) tasksIn(entry, found, depth + 1);
      return found;
    }
    const id = value.requester_id ?? value.requesterId;
    if (typeof id === "string" && ID.test(id)) {
      const money = value.monetary_reward ?? value.monetaryReward ?? {};
      found.push({
        id,
        name: value.requester_name ?? value.requesterName ?? "",
        title: value.title ?? value.projectTitle ?? "",
        reward: money.amount_in_dollars ?? money.amountInDollars ?? null,
      });
    }
    for (const key of Object.keys(value)) {
      if (typeof value[key] === "object") tasksIn(value[key], found, depth + 1);
    }
    return found;
  }

  function outsideBadges(node) {
    return !node.closest(".lantern-badge");
  }

  // Title and reward of the row a requester link is in.
  function rowDetails(link) {
    const row = link.closest("li, tr, [role='row'], .table-row");
    if (!row) return {};
    const project = [...row.querySelectorAll("a[href*='/projects/']")].find(
      (a) => !REQUESTER_LINK.test(a.getAttribute("href")),
    );
    const reward = row.textContent.match(REWARD);
    return { title: project?.textContent.trim() || "", reward: reward ? reward[1] : null };
  }

  function find(root) {
    const fromProps = new Map();
    const components = [...root.querySelectorAll("[data-react-props]")].filter(outsideBadges);
    const componentTasks = components.map((component) => tasksIn(props(component)));
    for (const task of componentTasks.flat()) if (!fromProps.has(task.id)) fromProps.set(task.id, task);

    const spots = [];
    for (const link of root.querySelectorAll("a[href*='/requesters/']")) {
      const match = link.getAttribute("href").match(REQUESTER_LINK);
      if (!match || !outsideBadges(link)) continue;
      const id = match[1];
      const known = fromProps.get(id) || {};
      const row = rowDetails(link);
      spots.push({
        id,
        anchor: link,
        position: "after",
        name: link.textContent.trim() || known.name || "",
        title: row.title || known.title || "",
        reward: row.reward ?? known.reward ?? null,
      });
    }
    components.forEach((component, i) => {
      const ids = new Set(componentTasks[i].map((task) => task.id));
      if (ids.size !== 1) return;
      const [id] = ids;
      const linked = [...component.querySelectorAll("a[href*='/requesters/']")].some(
        (a) => a.getAttribute("href").match(REQUESTER_LINK)?.[1] === id,
      );
      if (linked) return;
      // Several tasks of one requester (their project list): no single title or reward.
      const tasks = componentTasks[i];
      const task = tasks.length === 1 ? tasks[0] : { id, name: tasks[0].name, title: "", reward: null };
      spots.push({ ...task, anchor: component, position: "before" });
    });
    return spots;
  }

  return { site: "mturk", platform: "mturk", currency: "$", find };
})();
