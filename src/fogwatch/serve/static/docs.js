// Swagger UI over the local OpenAPI schema; no network beyond this server.
(function () {
  const node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: node.dataset.spec, dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true });
})();
